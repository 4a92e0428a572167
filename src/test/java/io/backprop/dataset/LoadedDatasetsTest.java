package io.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The last datasets loaded are served again while stored unchanged, and never after they are deleted. */
class LoadedDatasetsTest {

    @Test
    void shouldServeAnEntryOnlyForItsIdAndContentHash() {
        var loaded = new LoadedDatasets(2);
        var a = matrices("a", "hash-a");
        loaded.put(a);

        assertThat(loaded.get("a", "hash-a")).isSameAs(a);
        assertThat(loaded.get("a", "another hash")).isNull();
        assertThat(loaded.get("b", "hash-a")).isNull();
    }

    @Test
    void shouldKeepTheMostRecentEntriesUpToItsCapacity() {
        var loaded = new LoadedDatasets(2);
        var a = matrices("a", "1");
        var b = matrices("b", "2");
        var c = matrices("c", "3");
        loaded.put(a);
        loaded.put(b);
        assertThat(loaded.get("a", "1")).isSameAs(a); // a used again: now the most recent, b the oldest
        loaded.put(c);

        assertThat(loaded.get("a", "1")).isSameAs(a);
        assertThat(loaded.get("b", "2")).isNull();
        assertThat(loaded.get("c", "3")).isSameAs(c);
    }

    @Test
    void shouldForgetADataset() {
        var loaded = new LoadedDatasets(2);
        loaded.put(matrices("a", "1"));
        loaded.forget("a");
        assertThat(loaded.get("a", "1")).isNull();
    }

    private static DatasetMatrices matrices(String id, String hash) {
        return new DatasetMatrices(id, 1, 1, 1, new float[1], new float[1], null, hash);
    }

    @SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:loaded;DB_CLOSE_DELAY=-1")
    @org.junit.jupiter.api.Nested
    class InTheService {

        @Autowired
        DatasetService datasets;

        @Test
        void shouldLoadADatasetOnceForSeveralJobsAndNotAfterItIsDeleted() {
            String id = datasets.createFromJson(new ByteArrayInputStream("""
                    {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}"""
                    .getBytes(StandardCharsets.UTF_8))).id();

            DatasetMatrices first = datasets.load(id);
            assertThat(first.features()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1);
            assertThat(datasets.load(id)).isSameAs(first);

            datasets.delete(id);
            assertThatThrownBy(() -> datasets.load(id)).isInstanceOf(DatasetNotFoundException.class);
        }
    }
}
