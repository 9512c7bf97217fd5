package com.qwire.mock.app;

import com.qwire.mock.shared.http.MalformedTargetGuard;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

import java.util.regex.Pattern;

/**
 * A request target with a malformed percent-escape cannot be decoded: Grizzly failed it while mapping
 * it to a handler, as an empty 500 that no filter of ours saw (issue 10). This filter, right after the
 * HTTP codec, moves such a request to {@link MalformedTargetGuard#PATH} (decodable, so it maps) and
 * hands the target as sent to the guard, which answers it as a problem. A client's own copy of that
 * hand-over header is always removed.
 */
final class MalformedTargetAddOn implements AddOn {
    /** A '%' not followed by two hex digits, or a raw control character (a NUL made Grizzly's mapper fail with an empty 500). */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})|[\\x00-\\x1f\\x7f]");
    /**
     * In the path, also an encoded slash or backslash: no path parameter of ours may hold one, and Grizzly's mapper
     * failed on "..%2F.." with an empty 500 (Tomcat refuses them by default for the same reason).
     */
    private static final Pattern BAD_PATH = Pattern.compile("%(?![0-9A-Fa-f]{2})|%2[Ff]|%5[Cc]|[\\x00-\\x1f\\x7f]");

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        builder.add(codec + 1, new MalformedTargetFilter());
    }

    private static String escapeControls(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("%%%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final class MalformedTargetFilter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            Object message = ctx.getMessage();
            if (message instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket request
                    && !request.isCommitted()) {
                request.getHeaders().removeHeader(MalformedTargetGuard.HEADER);
                String path = request.getRequestURI();
                String query = request.getQueryString();
                boolean badPath = path != null && BAD_PATH.matcher(path).find();
                if (badPath || (query != null && BAD_ESCAPE.matcher(query).find())) {
                    // The target as sent, its control characters escaped: it goes into a header and the logs.
                    String target = path + (query == null ? "" : "?" + query);
                    request.getHeaders().setValue(MalformedTargetGuard.HEADER)
                            .setString((badPath ? "path " : "query ") + escapeControls(target));
                    request.setRequestURI(MalformedTargetGuard.PATH);
                    request.setQueryString(null);
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
