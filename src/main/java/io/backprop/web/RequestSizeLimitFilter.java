package io.backprop.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a body larger than {@code backprop.limits.max-body-size} with 413: at once when the
 * Content-Length says so, and while reading when a chunked body grows past it (the streaming
 * parsers then see an {@link ApiException} and the request fails before anything is stored).
 */
@Component
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final String LIMIT_NAME = "backprop.limits.max-body-size";

    private final long maxBytes;

    RequestSizeLimitFilter(LimitsProperties limits) {
        this.maxBytes = limits.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("""
                    {"type":"urn:backprop:problem:payload-too-large","title":"Payload too large","status":413,\
                    "detail":"request body of %d bytes exceeds the limit %s = %d","instance":"%s"}"""
                    .formatted(declared, LIMIT_NAME, maxBytes, request.getRequestURI().replace("\"", "")));
            return;
        }
        chain.doFilter(declared < 0 ? new CountingRequest(request, maxBytes) : request, response);
    }

    /** Counts the bytes of a body without a Content-Length and stops it at the limit. */
    private static final class CountingRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        CountingRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long count;

        CountingStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > maxBytes) {
                throw ApiException.tooLarge(LIMIT_NAME, maxBytes, "request body");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
