package io.backprop.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import io.backprop.web.ApiException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzipped or not): an images file (magic 0x803:
 * unsigned bytes, count × rows × columns) and a labels file (magic 0x801: count unsigned bytes).
 * Pixels are scaled to [0, 1] and streamed into chunks image by image; labels become one-hot targets.
 */
final class IdxDatasetReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** Reads the labels whole (one byte each), then streams the images; returns the class count. */
    int read(InputStream imagesBody, InputStream labelsBody, MatrixWriter features, LabelColumn labels) {
        try {
            DataInputStream labelStream = open(labelsBody);
            int labelCount = header(labelStream, LABELS_MAGIC, 1, "labels")[0];
            for (int i = 0; i < labelCount; i++) {
                labels.add(labelStream.readUnsignedByte());
            }
            DataInputStream images = open(imagesBody);
            int[] dims = header(images, IMAGES_MAGIC, 3, "images");
            if (dims[0] != labelCount) {
                throw ApiException.invalid("labels", "has " + labelCount + " labels but images has " + dims[0] + " images");
            }
            int pixels = Math.multiplyExact(dims[1], dims[2]);
            features.setWidth(pixels);
            byte[] image = new byte[pixels];
            for (int n = 0; n < dims[0]; n++) {
                images.readFully(image);
                features.startRow();
                for (byte pixel : image) {
                    features.add((pixel & 0xff) / 255f);
                }
                features.endRow();
            }
            features.finish();
            return labels.max() + 1;
        } catch (EOFException e) {
            throw ApiException.invalid("images", "the IDX file ends before the count its header gives");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(InputStream body) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(body, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzipped = first == 0x1f && second == 0x8b;
        return new DataInputStream(gzipped ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered);
    }

    /** Checks the magic number (element type unsigned byte, the expected rank) and returns the dimensions. */
    private static int[] header(DataInputStream in, int magic, int rank, String part) throws IOException {
        int found;
        try {
            found = in.readInt();
        } catch (EOFException e) {
            throw ApiException.invalid(part, "is empty; expected an IDX file");
        }
        if (found != magic) {
            throw ApiException.invalid(part, String.format(
                    "not an IDX %s file: magic number 0x%08x, expected 0x%08x (unsigned bytes, %d dimension%s)",
                    part, found, magic, rank, rank == 1 ? "" : "s"));
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] < 1) {
                throw ApiException.invalid(part, "dimension " + d + " of the IDX header is " + dims[d]);
            }
        }
        return dims;
    }
}
