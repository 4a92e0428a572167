package io.backprop.dataset;

import java.io.InputStream;

import io.backprop.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"name", "features": [[…]…], "targets": [[…]…] | "labels": […], "classCount"}} with
 * Jackson's streaming parser, sending each row to its {@link MatrixWriter} as it arrives: no JSON
 * tree and no boxed lists, whatever order the fields come in.
 */
final class JsonDatasetReader {

    private final JsonMapper json;

    JsonDatasetReader(JsonMapper json) {
        this.json = json;
    }

    /** What the body said besides its rows. */
    record Header(String name, boolean hasTargets, boolean hasLabels, Integer classCount) {
    }

    Header read(InputStream body, MatrixWriter features, MatrixWriter targets, LabelColumn labels) {
        String name = null;
        Integer classCount = null;
        boolean sawFeatures = false;
        boolean sawTargets = false;
        boolean sawLabels = false;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.invalid("body", "expected a JSON object with name, features and targets or labels");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "name" -> {
                        if (token != JsonToken.VALUE_STRING) {
                            throw ApiException.invalid("name", "expected a string");
                        }
                        name = parser.getString();
                    }
                    case "features" -> {
                        once(sawFeatures, field);
                        sawFeatures = true;
                        readMatrix(parser, token, field, features);
                    }
                    case "targets" -> {
                        once(sawTargets, field);
                        sawTargets = true;
                        readMatrix(parser, token, field, targets);
                    }
                    case "labels" -> {
                        once(sawLabels, field);
                        sawLabels = true;
                        readLabels(parser, token, labels);
                    }
                    case "classCount" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 1 || parser.getLongValue() > 1_000_000) {
                            throw ApiException.invalid("classCount", "expected a positive integer");
                        }
                        classCount = parser.getIntValue();
                    }
                    default -> throw ApiException.invalid(field,
                            "unknown field; expected one of name, features, targets, labels, classCount");
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw ApiException.invalid("body", "expected a single JSON object");
            }
        } catch (JacksonException e) {
            throw ApiException.invalid("body", "malformed JSON: " + e.getOriginalMessage());
        }
        return new Header(name, sawTargets, sawLabels, classCount);
    }

    private static void once(boolean seen, String field) {
        if (seen) {
            throw ApiException.invalid(field, "given twice");
        }
    }

    private static void readMatrix(JsonParser parser, JsonToken token, String field, MatrixWriter writer) {
        if (token != JsonToken.START_ARRAY) {
            throw ApiException.invalid(field, "expected an array of rows, each an array of numbers");
        }
        int row = 0;
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            writer.startRow();
            int width = writer.width();
            JsonToken value;
            while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (width >= 0 && writer.valuesInRow() == width) {
                    throw ApiException.invalid(field + "[" + row + "]", "expected " + width + " values, like the first row");
                }
                writer.add(number(parser, value, field + "[" + row + "][" + writer.valuesInRow() + "]"));
            }
            if (writer.valuesInRow() == 0 || width >= 0 && writer.valuesInRow() != width) {
                throw ApiException.invalid(field + "[" + row + "]", width < 0 ? "a row needs at least one value"
                        : "expected " + width + " values, like the first row, got " + writer.valuesInRow());
            }
            writer.endRow();
            row++;
        }
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw ApiException.invalid(field + "[" + row + "]", "expected an array of numbers");
        }
        writer.finish();
    }

    private static void readLabels(JsonParser parser, JsonToken token, LabelColumn labels) {
        if (token != JsonToken.START_ARRAY) {
            throw ApiException.invalid("labels", "expected an array of integer class labels");
        }
        JsonToken value;
        while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
            String field = "labels[" + labels.size() + "]";
            if (value != JsonToken.VALUE_NUMBER_INT) {
                throw ApiException.invalid(field, "expected an integer class label (0, 1, 2, …)");
            }
            long label = parser.getLongValue();
            if (label < 0 || label >= 1_000_000) {
                throw ApiException.invalid(field, "expected a class label from 0 to 999999, got " + label);
            }
            labels.add((int) label);
        }
    }

    private static float number(JsonParser parser, JsonToken token, String field) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ApiException.invalid(field, "expected a number");
        }
        float value = (float) parser.getDoubleValue();
        if (!Float.isFinite(value)) {
            throw ApiException.invalid(field, "must be a finite number within float32 range");
        }
        return value;
    }
}
