package io.backprop.model;

import static io.backprop.web.ProblemExpectations.expectProblem;
import static io.backprop.web.ProblemExpectations.withoutContentLength;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backprop.web.ApiException;
import io.backprop.web.WebSliceConfiguration;

@WebMvcTest(ModelController.class)
@Import(WebSliceConfiguration.class)
class ModelControllerTest {

    private static final String XOR = """
            {"name": "xor", "inputSize": 2,
             "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
             "loss": "binary_cross_entropy", "initializer": "xavier", "seed": 42}""";

    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ModelService models;

    @Test
    void shouldReturn201WithLocationAndBodyWhenModelIsCreated() throws Exception {
        given(models.create(any())).willReturn(xor("m-1", 0));

        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(XOR))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/models/m-1"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.id").value("m-1"))
                .andExpect(jsonPath("$.name").value("xor"))
                .andExpect(jsonPath("$.inputSize").value(2))
                .andExpect(jsonPath("$.layers", hasSize(2)))
                .andExpect(jsonPath("$.layers[0].units").value(4))
                .andExpect(jsonPath("$.layers[0].activation").value("tanh"))
                .andExpect(jsonPath("$.layers[0].alpha").doesNotExist())
                .andExpect(jsonPath("$.loss").value("binary_cross_entropy"))
                .andExpect(jsonPath("$.initializer").value("xavier"))
                .andExpect(jsonPath("$.seed").value(42))
                .andExpect(jsonPath("$.parameterCount").value(17))
                .andExpect(jsonPath("$.version").value(0))
                .andExpect(jsonPath("$.createdAt").value("2025-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.updatedAt").value("2025-01-02T03:04:05Z"));
    }

    @Test
    void shouldPassTheParsedRequestToTheService() throws Exception {
        given(models.create(any())).willReturn(xor("m-1", 0));

        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(XOR))
                .andExpect(status().isCreated());

        verify(models).create(new CreateModelRequest("xor", 2,
                List.of(new LayerDefinition(4, "tanh", null), new LayerDefinition(1, "sigmoid", null)),
                "binary_cross_entropy", "xavier", 42L));
    }

    @Test
    void shouldListEachInvalidFieldOfAModel() throws Exception {
        String body = """
                {"inputSize": 0, "layers": [{"units": 0, "activation": "tanh"}, {"units": 1}]}""";

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors", hasSize(5)))
                // sorted by field, each with the message a person can act on
                .andExpect(jsonPath("$.errors[0].field").value("inputSize"))
                .andExpect(jsonPath("$.errors[0].message").value("inputSize must be a positive integer"))
                .andExpect(jsonPath("$.errors[1].field").value("layers[0].units"))
                .andExpect(jsonPath("$.errors[1].message").value("units must be a positive integer"))
                .andExpect(jsonPath("$.errors[2].field").value("layers[1].activation"))
                .andExpect(jsonPath("$.errors[2].message").value("activation is required"))
                .andExpect(jsonPath("$.errors[3].field").value("loss"))
                .andExpect(jsonPath("$.errors[3].message").value("loss is required"))
                .andExpect(jsonPath("$.errors[4].field").value("name"))
                .andExpect(jsonPath("$.errors[4].message").value("name is required"))
                .andExpect(jsonPath("$.detail", containsString("name: name is required")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldRefuseANameLongerThan200Characters() throws Exception {
        String body = XOR.replace("\"xor\"", "\"" + "x".repeat(201) + "\"");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value("name must be 1 to 200 characters"));
    }

    @Test
    void shouldRefuseAFractionalInputSizeAsNotAnInteger() throws Exception {
        String body = XOR.replace("\"inputSize\": 2", "\"inputSize\": 2.5");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("inputSize"))
                .andExpect(jsonPath("$.errors[0].message", containsString("integer")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldRefuseZeroUnitsNamingTheLayer() throws Exception {
        String body = XOR.replace("\"units\": 1,", "\"units\": 0,");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("layers[1].units"))
                .andExpect(jsonPath("$.errors[0].message").value("units must be a positive integer"));
    }

    @Test
    void shouldRefuseAnUnknownActivationNamingTheExpectedList() throws Exception {
        // the real name check of ModelService.create, so that the message is the one clients see
        given(models.create(any())).willAnswer(call -> {
            ModelSpecs.fromRequest(call.getArgument(0));
            return xor("m-1", 0);
        });
        String body = XOR.replace("\"sigmoid\"", "\"relux\"");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("layers[1].activation"))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "unknown activation 'relux'; expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax"))
                .andExpect(jsonPath("$.detail").value(
                        "layers[1].activation: unknown activation 'relux'; expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax"));
    }

    @Test
    void shouldRenderTheServicesApiExceptionAsAProblem() throws Exception {
        given(models.create(any())).willThrow(ApiException.invalid("layers[1].activation",
                "unknown activation 'relux'; expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax"));

        mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(XOR))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:invalid-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(
                        "layers[1].activation: unknown activation 'relux'; expected one of linear, sigmoid, tanh, relu, leaky_relu, softmax"))
                .andExpect(jsonPath("$.instance").value("/models"))
                .andExpect(jsonPath("$.errors[0].field").value("layers[1].activation"))
                .andExpect(jsonPath("$.errors[0].message", containsString("expected one of linear, sigmoid")));
    }

    @Test
    void shouldRefuseAnUnknownFieldNamingIt() throws Exception {
        String body = XOR.replace("\"seed\": 42", "\"seed\": 42, \"colour\": \"red\"");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("colour"))
                .andExpect(jsonPath("$.errors[0].message", containsString("unknown field")))
                .andExpect(jsonPath("$.errors[0].message", containsString("inputSize")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldRefuseAnUnknownFieldInsideALayerWithItsPath() throws Exception {
        String body = XOR.replace("{\"units\": 4, \"activation\": \"tanh\"}", "{\"units\": 4, \"activation\": \"tanh\", \"dropout\": 0.5}");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("layers[0].dropout"));
    }

    @Test
    void shouldRefuseMalformedJson() throws Exception {
        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"xor\", ")),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.errors[0].message", containsString("malformed JSON")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldRefuseAMissingBody() throws Exception {
        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    void shouldReturn415ForAWrongContentType() throws Exception {
        expectProblem(mvc.perform(post("/models").contentType(MediaType.TEXT_PLAIN).content(XOR)),
                415, null, "/models")
                .andExpect(jsonPath("$.detail", containsString("text/plain")))
                .andExpect(jsonPath("$.detail", containsString("application/json")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldReturnAModel() throws Exception {
        given(models.get("m-1")).willReturn(xor("m-1", 3));

        mvc.perform(get("/models/m-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("m-1"))
                .andExpect(jsonPath("$.version").value(3));
    }

    @Test
    void shouldReturn404ForUnknownModel() throws Exception {
        given(models.get("nope")).willThrow(ModelNotFoundException.forId("nope"));

        expectProblem(mvc.perform(get("/models/nope")), 404, "Model not found", "/models/nope")
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:model-not-found"))
                .andExpect(jsonPath("$.detail").value("no model with id 'nope'"))
                .andExpect(jsonPath("$.errors").doesNotExist());
    }

    @Test
    void shouldListModelsAsAnArrayPassingLimitAndOffset() throws Exception {
        given(models.list(10, 5)).willReturn(List.of(xor("m-2", 1), xor("m-1", 0)));

        mvc.perform(get("/models").param("limit", "10").param("offset", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)))
                .andExpect(jsonPath("$[0].id").value("m-2"))
                .andExpect(jsonPath("$[1].id").value("m-1"));
    }

    @Test
    void shouldListWithDefaultLimitAndOffset() throws Exception {
        given(models.list(100, 0)).willReturn(List.of());

        mvc.perform(get("/models"))
                .andExpect(status().isOk())
                .andExpect(content().json("[]"));
    }

    @Test
    void shouldRefuseALimitOfZero() throws Exception {
        expectProblem(mvc.perform(get("/models").param("limit", "0")), 400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message").value("limit must be 1 to 1000"));
        verify(models, never()).list(anyInt(), anyInt());
    }

    @Test
    void shouldRefuseANonNumericLimit() throws Exception {
        expectProblem(mvc.perform(get("/models").param("limit", "ten")), 400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message", containsString("'ten'")));
    }

    @Test
    void shouldReturn204WhenModelIsDeleted() throws Exception {
        mvc.perform(delete("/models/m-1"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(models).delete("m-1");
    }

    @Test
    void shouldReturn409WhenDeletingAModelInUse() throws Exception {
        willThrow(ApiException.conflict("model 'm-1' cannot be deleted: job j-1 is RUNNING"))
                .given(models).delete("m-1");

        expectProblem(mvc.perform(delete("/models/m-1")), 409, "Conflict", "/models/m-1")
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:conflict"))
                .andExpect(jsonPath("$.detail").value("model 'm-1' cannot be deleted: job j-1 is RUNNING"));
    }

    @Test
    void shouldReturn404WhenDeletingAnUnknownModel() throws Exception {
        willThrow(ModelNotFoundException.forId("nope")).given(models).delete("nope");

        expectProblem(mvc.perform(delete("/models/nope")), 404, "Model not found", "/models/nope");
    }

    @Test
    void shouldReturnParametersOfAVersion() throws Exception {
        given(models.parameters("m-1", 2)).willReturn(new ParametersBody(2,
                List.of(new ParametersBody.LayerParameters(new float[][] {{0.5f, -0.5f}}, new float[] {0.25f}))));

        mvc.perform(get("/models/m-1/parameters").param("version", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.layers[0].weights[0][0]").value(0.5))
                .andExpect(jsonPath("$.layers[0].weights[0][1]").value(-0.5))
                .andExpect(jsonPath("$.layers[0].biases[0]").value(0.25));
    }

    @Test
    void shouldReturn409ForParametersOfAnUntrainedModel() throws Exception {
        given(models.parameters("m-1", null)).willThrow(ModelNotTrainedException.forId("m-1"));

        expectProblem(mvc.perform(get("/models/m-1/parameters")), 409, "Model not trained", "/models/m-1/parameters")
                .andExpect(jsonPath("$.detail", containsString("POST /jobs")));
    }

    @Test
    void shouldRefuseParameterVersionZero() throws Exception {
        expectProblem(mvc.perform(get("/models/m-1/parameters").param("version", "0")),
                400, "Invalid request", "/models/m-1/parameters")
                .andExpect(jsonPath("$.errors[0].field").value("version"))
                .andExpect(jsonPath("$.errors[0].message").value("version must be 1 or more"));
    }

    @Test
    void shouldReturnTheModelWhenParametersAreImported() throws Exception {
        given(models.importParameters(eq("m-1"), any())).willReturn(xor("m-1", 1));

        mvc.perform(put("/models/m-1/parameters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"layers\": [{\"weights\": [[0.5, -0.5]], \"biases\": [0.1]}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("m-1"))
                .andExpect(jsonPath("$.version").value(1));
    }

    @Test
    void shouldRefuseImportedParametersWithoutBiases() throws Exception {
        expectProblem(mvc.perform(put("/models/m-1/parameters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"layers\": [{\"weights\": [[0.5, -0.5]]}]}")),
                400, "Invalid request", "/models/m-1/parameters")
                .andExpect(jsonPath("$.errors[0].field").value("layers[0].biases"))
                .andExpect(jsonPath("$.errors[0].message").value("biases is required"));
    }

    @Test
    void shouldHideTheCauseOfAnUnexpectedFailure() throws Exception {
        given(models.get("m-1")).willThrow(new IllegalStateException("boom at io.backprop.model.Secret"));

        expectProblem(mvc.perform(get("/models/m-1")), 500, "Internal error", "/models/m-1")
                .andExpect(jsonPath("$.detail", not(containsString("boom"))))
                .andExpect(content().string(not(containsString("boom"))))
                .andExpect(content().string(not(containsString("at io.backprop"))))
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("trace"))));
    }

    @Test
    void shouldRefuseAnIntegerOutOfRangeNamingTheField() throws Exception {
        String body = XOR.replace("\"inputSize\": 2", "\"inputSize\": 99999999999");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("inputSize"))
                .andExpect(jsonPath("$.errors[0].message", containsString("2147483647")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldRefuseASeedBeyondLongRangeNamingTheLongRange() throws Exception {
        String body = XOR.replace("\"seed\": 42", "\"seed\": 99999999999999999999");

        expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "Invalid request", "/models")
                .andExpect(jsonPath("$.errors[0].field").value("seed"))
                .andExpect(jsonPath("$.errors[0].message", containsString("9223372036854775807")));
        verify(models, never()).create(any());
    }

    @Test
    void shouldReturn404ProblemForAnUnknownPath() throws Exception {
        expectProblem(mvc.perform(get("/models/m-1/nothing-here")), 404, null, "/models/m-1/nothing-here");
    }

    @Test
    void shouldReturn405ProblemForAnUnsupportedMethod() throws Exception {
        expectProblem(mvc.perform(put("/models").contentType(MediaType.APPLICATION_JSON).content(XOR)),
                405, null, "/models")
                .andExpect(header().string("Allow", containsString("POST")));
    }

    /** The same slice with a 100-byte limit on request bodies. */
    @Nested
    @TestPropertySource(properties = "backprop.limits.max-body-size=100B")
    class WithASmallBodyLimit {

        @Autowired
        private MockMvc mvc;

        @Autowired
        private ModelService models;

        @Test
        void shouldReturn413NamingTheLimitForADeclaredLengthOverIt() throws Exception {
            expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(XOR)),
                    413, "Payload too large", "/models")
                    .andExpect(jsonPath("$.type").value("urn:backprop:problem:payload-too-large"))
                    .andExpect(jsonPath("$.detail", containsString("backprop.limits.max-body-size = 100")));
            verify(models, never()).create(any());
        }

        @Test
        void shouldReturn413WhenJsonWithoutContentLengthGrowsOverTheLimit() throws Exception {
            expectProblem(mvc.perform(post("/models").contentType(MediaType.APPLICATION_JSON).content(XOR)
                            .with(withoutContentLength())),
                    413, "Payload too large", "/models")
                    .andExpect(jsonPath("$.detail", containsString("backprop.limits.max-body-size = 100")));
            verify(models, never()).create(any());
        }
    }

    private static ModelResponse xor(String id, int version) {
        return new ModelResponse(id, "xor", 2,
                List.of(new LayerDefinition(4, "tanh", null), new LayerDefinition(1, "sigmoid", null)),
                "binary_cross_entropy", "xavier", 42L, 17L, version, CREATED, CREATED, null);
    }
}
