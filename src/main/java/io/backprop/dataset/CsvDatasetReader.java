package io.backprop.dataset;

import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import io.backprop.web.ApiException;
import io.backprop.web.DecimalText;

/**
 * Reads a CSV with a header row, row by row and field by field (Jackson's streaming CSV parser, each row an array of
 * strings). Feature columns stream straight into chunks; the target column(s) are kept dictionary-encoded until the
 * end, because whether a target is numeric or a class label is only known once every value has been seen.
 *
 * <p>Why Jackson's parser on the request's thread: with commons-csv's records, tokenised on a thread of their own,
 * the tokenising thread took about a third of a Fashion-MNIST upload's CPU (about 3 of 8-11 s; the service is bound
 * by its two cores there). Tokenising and parsing the 47 million fields on one thread took 1.44-1.50 s with Jackson
 * against 2.03 s with commons-csv. The whole upload (206 MB, Zen 5 host, eight each, two services of each
 * alternating): 3.8-6.2 s and 4.6-8.6 CPU-seconds, against 5.5-8.2 s and 8.1-11.9 with commons-csv. Jackson, like
 * commons-csv, refuses a quote that is never closed, where FastCSV (1.19-1.28 s) takes the rest of the file as one
 * field.
 */
final class CsvDatasetReader {

    /** Surrounding spaces trimmed, empty lines skipped; the document is an array of rows, each an array of fields. */
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.WRAP_AS_ARRAY, CsvReadFeature.TRIM_SPACES, CsvReadFeature.SKIP_EMPTY_LINES)
            .build();

    /** The class names of a class-label target, or null when every target is numeric. */
    record Result(List<String> classes) {
    }

    Result read(Reader body, String targetParameter, MatrixWriter features, MatrixWriter targets) {
        try (JsonParser csv = CSV.reader().with(CsvSchema.emptySchema()).createParser(body)) {
            List<String> header = header(csv);
            int[] targetColumns = targetColumns(header, targetParameter);
            int featureCount = header.size() - targetColumns.length; // the targets are distinct columns
            if (featureCount == 0) {
                throw ApiException.invalid("target", "every column is a target: at least one feature column is needed");
            }
            features.setWidth(featureCount);
            List<DictionaryColumn> targetValues = new ArrayList<>();
            for (int ignored : targetColumns) {
                targetValues.add(new DictionaryColumn());
            }
            int[] targetOf = new int[header.size()]; // a column's target index, or -1 for a feature column
            Arrays.fill(targetOf, -1);
            for (int t = 0; t < targetColumns.length; t++) {
                targetOf[targetColumns[t]] = t;
            }
            for (long line = 2; csv.nextToken() == JsonToken.START_ARRAY; line++) {
                addRow(csv, line, header, targetOf, features, targetValues);
            }
            if (features.rows() == 0) {
                throw ApiException.invalid("body", "the CSV has a header but no rows");
            }
            features.finish();
            return writeTargets(header, targetColumns, targetValues, targets);
        } catch (JacksonIOException e) {
            throw new UncheckedIOException(e.getCause());
        } catch (JacksonException e) {
            throw ApiException.invalid("body", "malformed CSV: " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
    }

    /**
     * The header row's names; none for an empty body. A name may be neither empty nor given twice: a column must be
     * named to be a target, and a name must tell which.
     */
    private static List<String> header(JsonParser csv) {
        if (csv.nextToken() != JsonToken.START_ARRAY || csv.nextToken() != JsonToken.START_ARRAY) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        while (csv.nextToken() == JsonToken.VALUE_STRING) {
            names.add(csv.getString());
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isEmpty()) {
                throw ApiException.invalid("body", "malformed CSV header: a column has no name in " + names);
            }
            if (!seen.add(name)) {
                throw ApiException.invalid("body", "malformed CSV header: the name '" + name + "' is given twice in "
                        + names);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The row whose START_ARRAY the parser is at: its feature fields into {@code features}, its target fields into
     * their dictionaries; a row of another width than the header is refused. Errors name the row as {@code line}, the
     * header being line 1 and each row the next (as commons-csv's record numbers did: skipped empty lines and quoted
     * line breaks are not counted; the parser's own errors give the file's line).
     */
    private static void addRow(JsonParser csv, long line, List<String> header, int[] targetOf, MatrixWriter features,
                               List<DictionaryColumn> targetValues) {
        features.startRow();
        int column = 0;
        for (; csv.nextToken() == JsonToken.VALUE_STRING; column++) {
            if (column >= targetOf.length) {
                continue; // too wide: counted, and refused at the row's end
            }
            int target = targetOf[column];
            if (target < 0) {
                features.add(number(csv.getString(), line, header.get(column)));
            } else {
                targetValues.get(target).add(csv.getString());
            }
        }
        if (column != header.size()) {
            throw ApiException.invalid("body", "line " + line + ": expected " + header.size()
                    + " columns like the header, got " + column);
        }
        features.endRow();
    }

    private static int[] targetColumns(List<String> header, String targetParameter) {
        List<String> names = Arrays.stream(targetParameter.split(",")).map(String::trim).toList();
        int[] columns = new int[names.size()];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            columns[i] = header.indexOf(names.get(i));
            if (columns[i] < 0) {
                throw ApiException.invalid("target", "no column '" + names.get(i) + "' in the header; columns are " + header);
            }
            if (!seen.add(names.get(i))) {
                throw ApiException.invalid("target", "column '" + names.get(i) + "' named twice");
            }
        }
        return columns;
    }

    private static Result writeTargets(List<String> header, int[] targetColumns, List<DictionaryColumn> values,
            MatrixWriter targets) {
        List<String> classes = null;
        int width = 0;
        float[][] encodings = new float[targetColumns.length][];
        for (int t = 0; t < targetColumns.length; t++) {
            DictionaryColumn column = values.get(t);
            float[] numeric = column.numericValues();
            if (numeric != null) {
                encodings[t] = numeric;
                width += 1;
            } else {
                if (targetColumns.length > 1) {
                    throw ApiException.invalid("target", "column '" + header.get(targetColumns[t])
                            + "' holds class labels; a class-label target must be the only target column");
                }
                classes = column.sortedNames();
                width += classes.size();
            }
        }
        targets.setWidth(width);
        int rows = values.getFirst().size();
        for (int r = 0; r < rows; r++) {
            targets.startRow();
            for (int t = 0; t < targetColumns.length; t++) {
                if (encodings[t] != null) {
                    targets.add(encodings[t][values.get(t).code(r)]);
                } else {
                    int label = values.get(t).sortedIndex(r);
                    for (int k = 0; k < classes.size(); k++) {
                        targets.add(k == label ? 1f : 0f);
                    }
                }
            }
            targets.endRow();
        }
        targets.finish();
        return new Result(classes);
    }

    private static float number(String text, long line, String column) {
        try {
            float value = DecimalText.parseFloat(text);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid("body", "line " + line + ", column '" + column + "': '" + text
                + "' is not a finite number (feature columns must be numeric)");
    }

    /** One column's values as codes into a dictionary of its distinct strings. */
    private static final class DictionaryColumn {

        private final Map<String, Integer> codes = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private int[] rows = new int[1024];
        private int size;
        private int[] sortedIndexOfCode;

        void add(String value) {
            Integer code = codes.get(value);
            if (code == null) {
                code = names.size();
                codes.put(value, code);
                names.add(value);
            }
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
            }
            rows[size++] = code;
        }

        int size() {
            return size;
        }

        int code(int row) {
            return rows[row];
        }

        /** The value of each code when every distinct value is a finite number, else null. */
        float[] numericValues() {
            float[] values = new float[names.size()];
            for (int c = 0; c < values.length; c++) {
                try {
                    values[c] = Float.parseFloat(names.get(c));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!Float.isFinite(values[c])) {
                    return null;
                }
            }
            return values;
        }

        /** Class names in sorted order, so that the same set of classes gets the same indices in every file. */
        List<String> sortedNames() {
            TreeMap<String, Integer> sorted = new TreeMap<>(codes);
            sortedIndexOfCode = new int[names.size()];
            int index = 0;
            for (int code : sorted.values()) {
                sortedIndexOfCode[code] = index++;
            }
            return List.copyOf(sorted.keySet());
        }

        int sortedIndex(int row) {
            return sortedIndexOfCode[rows[row]];
        }
    }
}
