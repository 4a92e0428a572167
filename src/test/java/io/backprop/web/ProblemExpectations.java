package io.backprop.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** What every controller slice test checks of an error body, and how it sends a body of unknown length. */
public final class ProblemExpectations {

    private ProblemExpectations() {
    }

    /** An RFC 9457 body with this status; {@code title} null when it is the framework's own. */
    public static ResultActions expectProblem(ResultActions result, int status, String title, String instance)
            throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type", containsString("urn:backprop:problem:")))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(jsonPath("$.instance").value(instance));
        return title == null ? result.andExpect(jsonPath("$.title").isString())
                : result.andExpect(jsonPath("$.title").value(title));
    }

    /** A chunked request: the body is there, its length is not declared. */
    public static RequestPostProcessor withoutContentLength() {
        return request -> {
            MockHttpServletRequest chunked = new MockHttpServletRequest(request.getServletContext(), request.getMethod(),
                    request.getRequestURI()) {
                @Override
                public int getContentLength() {
                    return -1;
                }

                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            };
            chunked.setContentType(request.getContentType());
            chunked.setContent(request.getContentAsByteArray());
            chunked.setPathInfo(request.getPathInfo());
            chunked.addHeader("Transfer-Encoding", "chunked");
            return chunked;
        };
    }
}
