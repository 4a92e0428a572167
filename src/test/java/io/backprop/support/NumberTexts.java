package io.backprop.support;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/** Every kind of number text a client or a CSV writes, for tests that parse them against Float.parseFloat. */
public final class NumberTexts {

    private NumberTexts() {
    }

    /** Seeds for {@code @MethodSource("io.backprop.support.NumberTexts#seeds")}. */
    public static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    public static String random(SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> Integer.toString(random.nextInt(256));
            case 1 -> Float.toString((float) random.nextDouble());
            case 2 -> String.format(Locale.ROOT, "%.7f", random.nextDouble(-1000, 1000));
            case 3 -> String.format(Locale.ROOT, "%.4f", random.nextInt(256) / 255.0).replaceAll("0+$", "");
            case 4 -> Double.toString(random.nextGaussian() * 1e-6);
            case 5 -> " " + random.nextInt(-50, 50) + ".5 ";
            case 6 -> "0.0000" + random.nextInt(1, 999999);
            case 7 -> Long.toString(random.nextLong(1L << 40));
            default -> (random.nextBoolean() ? "-" : "+") + "." + random.nextInt(10_000_000);
        };
    }
}
