package io.backprop.dataset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A dataset's identity by content: SHA-256 over its shape and the digests of its feature and
 * target matrices (float32 bytes in row order), so that the same numbers give the same hash
 * whatever format or field order they were uploaded in.
 */
final class ContentHash {

    private ContentHash() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String of(int rows, int featureCount, int targetCount, byte[] featuresDigest, byte[] targetsDigest) {
        MessageDigest digest = newDigest();
        digest.update((rows + "x" + featureCount + "+" + targetCount).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        digest.update(featuresDigest);
        digest.update(targetsDigest);
        return HexFormat.of().formatHex(digest.digest());
    }
}
