package io.backprop.prediction;

import static io.backprop.web.ProblemExpectations.expectProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.backprop.model.ModelNotFoundException;
import io.backprop.model.ModelNotTrainedException;
import io.backprop.web.ApiException;
import io.backprop.web.WebSliceConfiguration;

@WebMvcTest(PredictionController.class)
@Import(WebSliceConfiguration.class)
class PredictionControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private PredictionService predictions;

    @Test
    void shouldReturnTheOutputOfOneSample() throws Exception {
        given(predictions.predictOne("m-1", null, "0,1"))
                .willReturn(new PredictionResponses.Single("m-1", 3, new float[] {0.75f}, 1));

        mvc.perform(get("/predict").param("model", "m-1").param("input", "0,1"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value("m-1"))
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.output", hasSize(1)))
                .andExpect(jsonPath("$.output[0]").value(0.75))
                .andExpect(jsonPath("$.label").value(1));
    }

    @Test
    void shouldPassTheRequestedVersion() throws Exception {
        given(predictions.predictOne("m-1", 2, "0.5,-1"))
                .willReturn(new PredictionResponses.Single("m-1", 2, new float[] {0.25f, 0.5f}, null));

        mvc.perform(get("/predict").param("model", "m-1").param("input", "0.5,-1").param("version", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.output[1]").value(0.5))
                // a regressor has no label
                .andExpect(jsonPath("$.label").doesNotExist());
    }

    @Test
    void shouldRefuseAMissingModelNamingIt() throws Exception {
        expectProblem(mvc.perform(get("/predict").param("input", "0,1")), 400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value("model"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"))
                .andExpect(jsonPath("$.detail").value("model: is required"));
        verify(predictions, never()).predictOne(anyString(), any(), anyString());
    }

    @Test
    void shouldRefuseAMissingInputNamingIt() throws Exception {
        expectProblem(mvc.perform(get("/predict").param("model", "m-1")), 400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors[0].field").value("input"));
    }

    @Test
    void shouldRefuseVersionZero() throws Exception {
        expectProblem(mvc.perform(get("/predict").param("model", "m-1").param("input", "0,1").param("version", "0")),
                400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors[0].field").value("version"))
                .andExpect(jsonPath("$.errors[0].message").value("version must be 1 or more"));
    }

    @Test
    void shouldReturn404ForUnknownModel() throws Exception {
        given(predictions.predictOne("nope", null, "0,1")).willThrow(ModelNotFoundException.forId("nope"));

        expectProblem(mvc.perform(get("/predict").param("model", "nope").param("input", "0,1")),
                404, "Model not found", "/predict")
                .andExpect(jsonPath("$.detail").value("no model with id 'nope'"));
    }

    @Test
    void shouldReturn409ForAnUntrainedModel() throws Exception {
        given(predictions.predictOne("m-1", null, "0,1")).willThrow(ModelNotTrainedException.forId("m-1"));

        expectProblem(mvc.perform(get("/predict").param("model", "m-1").param("input", "0,1")),
                409, "Model not trained", "/predict")
                .andExpect(jsonPath("$.type").value("urn:backprop:problem:model-not-trained"))
                .andExpect(jsonPath("$.detail", containsString("no trained parameters")));
    }

    @Test
    void shouldReturn400NamingTheExpectedSizeForAWrongInputLength() throws Exception {
        given(predictions.predictOne("m-1", null, "0,1,2")).willThrow(ApiException.invalid("input",
                "expected 2 comma-separated numbers (the model's inputSize), got 3"));

        expectProblem(mvc.perform(get("/predict").param("model", "m-1").param("input", "0,1,2")),
                400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors[0].field").value("input"))
                .andExpect(jsonPath("$.errors[0].message", containsString("expected 2")));
    }

    @Test
    void shouldReturnTheOutputsOfSeveralSamples() throws Exception {
        given(predictions.predictMany(any())).willReturn(new PredictionResponses.Batch("m-1", 3,
                List.of(new float[] {0.75f}, new float[] {0.25f}), List.of(1, 0)));

        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": \"m-1\", \"version\": 3, \"inputs\": [[0, 1], [1, 1]]}"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.model").value("m-1"))
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.outputs", hasSize(2)))
                .andExpect(jsonPath("$.outputs[0][0]").value(0.75))
                .andExpect(jsonPath("$.outputs[1][0]").value(0.25))
                .andExpect(jsonPath("$.labels[0]").value(1))
                .andExpect(jsonPath("$.labels[1]").value(0));
        verify(predictions).predictMany(argThat(request -> request.model().equals("m-1")
                && request.version() == 3 && request.inputs().size() == 2 && request.inputs().get(1)[0] == 1f));
    }

    @Test
    void shouldLeaveLabelsOutForARegressor() throws Exception {
        given(predictions.predictMany(any())).willReturn(new PredictionResponses.Batch("m-1", 1,
                List.of(new float[] {2.5f}), null));

        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": \"m-1\", \"inputs\": [[1]]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs[0][0]").value(2.5))
                .andExpect(jsonPath("$.labels").doesNotExist());
    }

    @Test
    void shouldListMissingModelAndInputsOfABatch() throws Exception {
        expectProblem(mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{}")),
                400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("inputs"))
                .andExpect(jsonPath("$.errors[0].message").value("inputs is required: an array of samples"))
                .andExpect(jsonPath("$.errors[1].field").value("model"))
                .andExpect(jsonPath("$.errors[1].message").value("model is required"));
        verify(predictions, never()).predictMany(any());
    }

    @Test
    void shouldRefuseANonNumericInputWithItsPath() throws Exception {
        expectProblem(mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": \"m-1\", \"inputs\": [[0, \"one\"]]}")),
                400, "Invalid request", "/predict")
                .andExpect(jsonPath("$.errors[0].field").value("inputs[0][1]"))
                .andExpect(jsonPath("$.errors[0].message").value("expected a number"));
    }

    @Test
    void shouldReturn409ForABatchOnAnUntrainedModel() throws Exception {
        given(predictions.predictMany(any())).willThrow(ModelNotTrainedException.forId("m-1"));

        expectProblem(mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\": \"m-1\", \"inputs\": [[0, 1]]}")),
                409, "Model not trained", "/predict");
    }

    @Test
    void shouldHideTheCauseOfAnUnexpectedFailure() throws Exception {
        given(predictions.predictOne("m-1", null, "0,1")).willThrow(new RuntimeException("boom"));

        expectProblem(mvc.perform(get("/predict").param("model", "m-1").param("input", "0,1")),
                500, "Internal error", "/predict")
                .andExpect(jsonPath("$.detail", not(containsString("boom"))))
                .andExpect(content().string(not(containsString("boom"))))
                .andExpect(content().string(not(containsString("at io.backprop"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }
}
