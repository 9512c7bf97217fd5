package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import java.util.List;

/**
 * A Content-Type or Accept header that does not parse as media types used to end in Jersey's own empty
 * 400 (it parses them while matching, before any mapper of ours can answer): here it is a problem that
 * names the header, before matching (issue 10).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 60)
public final class HeaderSyntaxFilter implements ContainerRequestFilter {
    private final Problems problems;

    public HeaderSyntaxFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String bad = null;
        try {
            request.getMediaType();
        } catch (RuntimeException e) {
            bad = "Content-Type";
        }
        if (bad == null) {
            try {
                request.getAcceptableMediaTypes();
            } catch (RuntimeException e) {
                bad = "Accept";
            }
        }
        if (bad != null) {
            request.abortWith(problems.response(ErrorCode.MALFORMED_REQUEST, "The " + bad + " header is not a valid media type list.",
                    request.getUriInfo().getRequestUri().getRawPath(), List.of(new FieldViolation(bad, "is not a valid media type"))));
        }
    }
}
