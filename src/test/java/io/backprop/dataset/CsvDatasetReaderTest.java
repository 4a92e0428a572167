package io.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyChar;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.backprop.web.ApiException;

/**
 * The reader over files of a few thousand rows: rows stay in the file's order, and the first bad line is the one
 * reported, whether a value, a row's width or the tokeniser finds it.
 */
class CsvDatasetReaderTest {

    private static final int ROWS = 2_000; // about eight batches

    private final List<float[]> stored = new ArrayList<>();
    private final ChunkRepository chunks = mock(ChunkRepository.class);

    CsvDatasetReaderTest() {
        when(chunks.insert(anyString(), anyChar(), anyInt(), anyInt(), any(float[].class), anyInt())).thenAnswer(call -> {
            char kind = call.getArgument(1);
            if (kind == ChunkRepository.FEATURES) {
                stored.add(Arrays.copyOf((float[]) call.getArgument(4), (int) call.getArgument(5)));
            }
            return new byte[0];
        });
    }

    @Test
    void shouldKeepEveryRowInTheFilesOrder() {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int r = 0; r < ROWS; r++) {
            csv.append(r).append(',').append(r * 0.5f).append(',').append(r % 3).append('\n');
        }
        MatrixWriter features = writer(ChunkRepository.FEATURES);
        new CsvDatasetReader().read(new StringReader(csv.toString()), "y", features, writer(ChunkRepository.TARGETS));
        assertThat(features.rows()).isEqualTo(ROWS);
        float[] values = stored.stream().reduce(new float[0], CsvDatasetReaderTest::concat);
        for (int r = 0; r < ROWS; r++) {
            assertThat(values[2 * r]).as("row %d", r).isEqualTo(r);
            assertThat(values[2 * r + 1]).as("row %d", r).isEqualTo(r * 0.5f);
        }
    }

    /** A bad value on line 1,200 is reported, though the tokeniser has read past it to a malformed line. */
    @Test
    void shouldReportABadValueBeforeALaterMalformedLine() {
        String csv = "a,b,y\n" + rows(1_198) + "1,x,0\n" + rows(500) + "1,\"2,0\n";
        assertThatThrownBy(() -> read(csv)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(detail(e)).contains("line 1200").contains("'x'"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 700, 1_900})
    void shouldReportAMalformedLineAfterTheRowsBeforeIt(int rowsBefore) {
        String csv = "a,b,y\n" + rows(rowsBefore) + "1,\"2,0\n" + rows(100);
        assertThatThrownBy(() -> read(csv)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(detail(e)).contains("malformed CSV"));
    }

    @Test
    void shouldReportARowOfTheWrongWidthByItsLine() {
        String csv = "a,b,y\n" + rows(999) + "1,2\n" + rows(10);
        assertThatThrownBy(() -> read(csv)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(detail(e)).contains("line 1001").contains("expected 3 columns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b,a\n1,2,0\n", "a,,y\n1,2,0\n"})
    void shouldRefuseAHeaderWithANameMissingOrGivenTwice(String csv) {
        assertThatThrownBy(() -> read(csv)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(detail(e)).contains("malformed CSV header"));
    }

    /** Quoted fields may hold separators, quotes and line breaks; spaces around a field are not part of it. */
    @Test
    void shouldReadQuotedFieldsAndTrimSpaces() {
        String csv = "a, b ,y\n\"1.5\", 2 ,\"one, \"\"the\"\"\nfirst\"\n\n3,4, two\n";
        MatrixWriter features = writer(ChunkRepository.FEATURES);
        MatrixWriter targets = writer(ChunkRepository.TARGETS);
        CsvDatasetReader.Result result = new CsvDatasetReader().read(new StringReader(csv), "y", features, targets);
        assertThat(result.classes()).containsExactly("one, \"the\"\nfirst", "two");
        assertThat(stored.getFirst()).containsExactly(1.5f, 2f, 3f, 4f);
    }

    private void read(String csv) {
        new CsvDatasetReader().read(new StringReader(csv), "y", writer(ChunkRepository.FEATURES), writer(ChunkRepository.TARGETS));
    }

    private MatrixWriter writer(char kind) {
        return new MatrixWriter("d", kind, chunks, new ValueBudget(Long.MAX_VALUE));
    }

    /** {@code count} good rows. */
    private static String rows(int count) {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < count; r++) {
            csv.append(r).append(",1,0\n");
        }
        return csv.toString();
    }

    private static String detail(Throwable e) {
        return e.getMessage() + " " + ((ApiException) e).errors();
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
