package io.backprop.dataset;

import java.util.Arrays;

/**
 * Integer class labels collected while the features stream, turned into one-hot target rows once
 * the class count is known (it may come last, or be the largest label + 1).
 */
final class LabelColumn {

    private int[] labels = new int[1024];
    private int size;
    private int max = -1;

    void add(int label) {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
        }
        labels[size++] = label;
        max = Math.max(max, label);
    }

    int size() {
        return size;
    }

    int max() {
        return max;
    }

    void writeOneHot(MatrixWriter targets, int classCount) {
        targets.setWidth(classCount);
        for (int r = 0; r < size; r++) {
            targets.startRow();
            for (int k = 0; k < classCount; k++) {
                targets.add(k == labels[r] ? 1f : 0f);
            }
            targets.endRow();
        }
        targets.finish();
    }
}
