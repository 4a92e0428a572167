package io.backprop.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.backprop.web.ApiException;
import io.backprop.web.DecimalText;

/**
 * Reads a CSV with a header row, record by record (commons-csv, tokenising on a thread of its own: see
 * {@link CsvRecordBatches}). Feature columns stream straight
 * into chunks; the target column(s) are kept dictionary-encoded until the end, because whether a
 * target is numeric or a class label is only known once every value has been seen.
 */
final class CsvDatasetReader {

    /** The class names of a class-label target, or null when every target is numeric. */
    record Result(List<String> classes) {
    }

    Result read(Reader body, String targetParameter, MatrixWriter features, MatrixWriter targets) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (CSVParser csv = CSVParser.builder().setReader(body).setFormat(format).get()) {
            List<String> header = csv.getHeaderNames();
            int[] targetColumns = targetColumns(header, targetParameter);
            int[] featureColumns = featureColumns(header.size(), targetColumns);
            if (featureColumns.length == 0) {
                throw ApiException.invalid("target", "every column is a target: at least one feature column is needed");
            }
            features.setWidth(featureColumns.length);
            List<DictionaryColumn> targetValues = new ArrayList<>();
            for (int ignored : targetColumns) {
                targetValues.add(new DictionaryColumn());
            }
            try (CsvRecordBatches batches = new CsvRecordBatches(csv.iterator())) {
                for (List<CSVRecord> batch; (batch = batches.next()) != null; ) {
                    for (CSVRecord record : batch) {
                        add(record, header, featureColumns, targetColumns, features, targetValues);
                    }
                }
            }
            if (features.rows() == 0) {
                throw ApiException.invalid("body", "the CSV has a header but no rows");
            }
            features.finish();
            return writeTargets(header, targetColumns, targetValues, targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | UncheckedIOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalid("body", "malformed CSV: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("body", "malformed CSV header: " + e.getMessage());
        }
    }

    private static void add(CSVRecord record, List<String> header, int[] featureColumns, int[] targetColumns,
                            MatrixWriter features, List<DictionaryColumn> targetValues) {
        long line = record.getRecordNumber() + 1;
        if (record.size() != header.size()) {
            throw ApiException.invalid("body", "line " + line + ": expected " + header.size()
                    + " columns like the header, got " + record.size());
        }
        features.startRow();
        for (int column : featureColumns) {
            features.add(number(record.get(column), line, header.get(column)));
        }
        features.endRow();
        for (int t = 0; t < targetColumns.length; t++) {
            targetValues.get(t).add(record.get(targetColumns[t]));
        }
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

    private static int[] featureColumns(int columnCount, int[] targetColumns) {
        Set<Integer> targets = new java.util.HashSet<>();
        for (int column : targetColumns) {
            targets.add(column);
        }
        return java.util.stream.IntStream.range(0, columnCount).filter(c -> !targets.contains(c)).toArray();
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
