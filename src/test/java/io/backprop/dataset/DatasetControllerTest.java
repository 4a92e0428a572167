package io.backprop.dataset;

import static io.backprop.web.ProblemExpectations.expectProblem;
import static io.backprop.web.ProblemExpectations.withoutContentLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backprop.web.ApiException;
import io.backprop.web.WebSliceConfiguration;

@WebMvcTest(DatasetController.class)
@Import(WebSliceConfiguration.class)
class DatasetControllerTest {

    private static final String XOR = """
            {"name": "xor", "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [[0],[1],[1],[0]]}""";

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private DatasetService datasets;

    @Test
    void shouldReturn201WithLocationWhenJsonDatasetIsUploaded() throws Exception {
        AtomicReference<String> streamed = new AtomicReference<>();
        given(datasets.createFromJson(any())).willAnswer(call -> {
            streamed.set(new String(call.<InputStream>getArgument(0).readAllBytes(), StandardCharsets.UTF_8));
            return xor("d-1");
        });

        mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(XOR))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/datasets/d-1"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value("d-1"))
                .andExpect(jsonPath("$.name").value("xor"))
                .andExpect(jsonPath("$.rows").value(4))
                .andExpect(jsonPath("$.featureCount").value(2))
                .andExpect(jsonPath("$.targetCount").value(1))
                .andExpect(jsonPath("$.classes").value(nullValue()))
                .andExpect(jsonPath("$.createdAt").value("2025-01-02T03:04:05Z"));
        // the body reaches the service as a stream, unparsed
        assertThat(streamed.get()).isEqualTo(XOR);
    }

    @Test
    void shouldReturn201WhenCsvDatasetIsUploaded() throws Exception {
        String csv = "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n";
        AtomicReference<String> streamed = new AtomicReference<>();
        given(datasets.createFromCsv(eq("iris"), eq("species"), any())).willAnswer(call -> {
            streamed.set(new String(call.<InputStream>getArgument(2).readAllBytes(), StandardCharsets.UTF_8));
            return new DatasetResponse("d-2", "iris", 2, 2, 2, List.of("setosa", "versicolor"), "sha-iris", CREATED);
        });

        mvc.perform(post("/datasets").contentType(TEXT_CSV).param("name", "iris").param("target", "species").content(csv))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/datasets/d-2"))
                .andExpect(jsonPath("$.id").value("d-2"))
                .andExpect(jsonPath("$.rows").value(2))
                .andExpect(jsonPath("$.classes", hasSize(2)))
                .andExpect(jsonPath("$.classes[0]").value("setosa"));
        assertThat(streamed.get()).isEqualTo(csv);
    }

    @Test
    void shouldRenderTheServicesRefusalOfACsvWithoutTarget() throws Exception {
        given(datasets.createFromCsv(eq("iris"), eq(null), any()))
                .willThrow(ApiException.invalid("target", "is required: the name of the target column(s), comma-separated"));

        expectProblem(mvc.perform(post("/datasets").contentType(TEXT_CSV).param("name", "iris").content("a,b\n1,2\n")),
                400, "Invalid request", "/datasets")
                .andExpect(jsonPath("$.errors[0].field").value("target"))
                .andExpect(jsonPath("$.errors[0].message", containsString("is required")));
    }

    @Test
    void shouldReturn201WhenIdxFilesAreUploaded() throws Exception {
        byte[] images = {0, 0, 8, 3, 1, 2, 3};
        byte[] labels = {0, 0, 8, 1, 7};
        AtomicReference<byte[]> streamedImages = new AtomicReference<>();
        AtomicReference<byte[]> streamedLabels = new AtomicReference<>();
        given(datasets.createFromIdx(eq("mnist"), any(), any())).willAnswer(call -> {
            streamedImages.set(call.<InputStream>getArgument(1).readAllBytes());
            streamedLabels.set(call.<InputStream>getArgument(2).readAllBytes());
            return new DatasetResponse("d-3", "mnist", 1, 784, 10, null, "sha-mnist", CREATED);
        });

        mvc.perform(multipart("/datasets")
                        .file(new MockMultipartFile("images", "train-images-idx3-ubyte", "application/octet-stream", images))
                        .file(new MockMultipartFile("labels", "train-labels-idx1-ubyte", "application/octet-stream", labels))
                        .param("name", "mnist"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/datasets/d-3"))
                .andExpect(jsonPath("$.id").value("d-3"))
                .andExpect(jsonPath("$.featureCount").value(784))
                .andExpect(jsonPath("$.targetCount").value(10));
        assertThat(streamedImages.get()).isEqualTo(images);
        assertThat(streamedLabels.get()).isEqualTo(labels);
    }

    @Test
    void shouldListBothMissingPartsOfAnIdxUpload() throws Exception {
        expectProblem(mvc.perform(multipart("/datasets").param("name", "mnist")), 400, "Invalid request", "/datasets")
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("images"))
                .andExpect(jsonPath("$.errors[0].message", containsString("is required")))
                .andExpect(jsonPath("$.errors[1].field").value("labels"))
                .andExpect(jsonPath("$.errors[1].message", containsString("is required")));
        verify(datasets, never()).createFromIdx(any(), any(), any());
    }

    @Test
    void shouldNameTheMissingLabelsPartOfAnIdxUpload() throws Exception {
        expectProblem(mvc.perform(multipart("/datasets")
                        .file(new MockMultipartFile("images", "train-images-idx3-ubyte", "application/octet-stream", new byte[16]))
                        .param("name", "mnist")),
                400, "Invalid request", "/datasets")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("labels"));
    }

    @Test
    void shouldReturn415ForAnUnsupportedContentType() throws Exception {
        expectProblem(mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_XML).content("<xor/>")),
                415, null, "/datasets")
                .andExpect(jsonPath("$.detail", containsString("application/xml")))
                .andExpect(jsonPath("$.detail", containsString("text/csv")));
    }

    @Test
    void shouldReturnADataset() throws Exception {
        given(datasets.get("d-1")).willReturn(xor("d-1"));

        mvc.perform(get("/datasets/d-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("d-1"))
                .andExpect(jsonPath("$.featureCount").value(2));
    }

    @Test
    void shouldReturn404ForUnknownDataset() throws Exception {
        given(datasets.get("nope")).willThrow(DatasetNotFoundException.forId("nope"));

        expectProblem(mvc.perform(get("/datasets/nope")), 404, "Dataset not found", "/datasets/nope")
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:dataset-not-found"))
                .andExpect(jsonPath("$.detail").value("no dataset with id 'nope'"));
    }

    @Test
    void shouldListDatasetsAsAnArray() throws Exception {
        given(datasets.list(100, 0)).willReturn(List.of(xor("d-2"), xor("d-1")));

        mvc.perform(get("/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].id").value("d-2"));
    }

    @Test
    void shouldRefuseALimitAboveAThousand() throws Exception {
        expectProblem(mvc.perform(get("/datasets").param("limit", "1001")), 400, "Invalid request", "/datasets")
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message").value("limit must be 1 to 1000"));
        verify(datasets, never()).list(anyInt(), anyInt());
    }

    @Test
    void shouldRefuseANegativeOffset() throws Exception {
        expectProblem(mvc.perform(get("/datasets").param("offset", "-1")), 400, "Invalid request", "/datasets")
                .andExpect(jsonPath("$.errors[0].field").value("offset"))
                .andExpect(jsonPath("$.errors[0].message").value("offset must be 0 or more"));
    }

    @Test
    void shouldReturn204WhenDatasetIsDeleted() throws Exception {
        mvc.perform(delete("/datasets/d-1"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(datasets).delete("d-1");
    }

    @Test
    void shouldReturn404WhenDeletingAnUnknownDataset() throws Exception {
        willThrow(DatasetNotFoundException.forId("nope")).given(datasets).delete("nope");

        expectProblem(mvc.perform(delete("/datasets/nope")), 404, "Dataset not found", "/datasets/nope");
    }

    @Test
    void shouldReturn409WhenDeletingADatasetInUse() throws Exception {
        willThrow(ApiException.conflict("dataset 'd-1' cannot be deleted: job j-1 is QUEUED")).given(datasets).delete("d-1");

        expectProblem(mvc.perform(delete("/datasets/d-1")), 409, "Conflict", "/datasets/d-1")
                .andExpect(jsonPath("$.detail").value("dataset 'd-1' cannot be deleted: job j-1 is QUEUED"));
    }

    @Test
    void shouldHideTheCauseOfAnUnexpectedFailure() throws Exception {
        given(datasets.createFromJson(any())).willThrow(new RuntimeException("boom"));

        expectProblem(mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(XOR)),
                500, "Internal error", "/datasets")
                .andExpect(jsonPath("$.detail", not(containsString("boom"))))
                .andExpect(content().string(not(containsString("boom"))))
                .andExpect(content().string(not(containsString("at io.backprop"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    /** The same slice with a 100-byte limit on request bodies. */
    @Nested
    @TestPropertySource(properties = "backprop.limits.max-body-size=100B")
    class WithASmallBodyLimit {

        @Autowired
        private MockMvc mvc;

        @Autowired
        private DatasetService datasets;

        @Test
        void shouldReturn413NamingTheLimitForABodyOverIt() throws Exception {
            String body = XOR.replace("\"xor\"", "\"" + "x".repeat(100) + "\"");

            expectProblem(mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(body)),
                    413, "Payload too large", "/datasets")
                    .andExpect(jsonPath("$.type").value("urn:backprop:problem:payload-too-large"))
                    .andExpect(jsonPath("$.detail", containsString("backprop.limits.max-body-size")))
                    .andExpect(jsonPath("$.detail", containsString("100")));
            verify(datasets, never()).createFromJson(any());
        }

        @Test
        void shouldReturn413WhenABodyWithoutContentLengthGrowsOverTheLimit() throws Exception {
            given(datasets.createFromJson(any())).willAnswer(call -> {
                call.<InputStream>getArgument(0).readAllBytes();
                return xor("d-1");
            });
            String body = XOR.replace("\"xor\"", "\"" + "x".repeat(100) + "\"");

            expectProblem(mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(body)
                            .with(withoutContentLength())),
                    413, "Payload too large", "/datasets")
                    .andExpect(jsonPath("$.detail", containsString("backprop.limits.max-body-size")));
        }

        @Test
        void shouldAcceptABodyWithinTheLimit() throws Exception {
            given(datasets.createFromJson(any())).willReturn(xor("d-1"));

            mvc.perform(post("/datasets").contentType(MediaType.APPLICATION_JSON).content(XOR))
                    .andExpect(status().isCreated());
        }
    }

    private static DatasetResponse xor(String id) {
        return new DatasetResponse(id, "xor", 4, 2, 1, null, "sha-xor", CREATED);
    }
}
