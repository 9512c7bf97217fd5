package com.qwire.mock.shared.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where callbacks may go (issue 10). At create: http or https, a port in 1..65535, no user info
 * (it would be written to every log), the host policy, and never the platform's own admin API or
 * order API (a loop: an order whose callback resets the platform). At send time the host policy is
 * applied again to every address the name resolved to, so a name pointing at a denied address is
 * refused too.
 *
 * <p>The host policy: a host on the denied list (CIDR blocks, host names, {@code .suffix} for a
 * domain) is refused; when the allowed list is not empty, a host must also be on it (a host name by
 * name, an address by block). The lists come from QWIRE_CALLBACK_ALLOWED_HOSTS and
 * QWIRE_CALLBACK_DENIED_HOSTS; denied by default: link-local and cloud metadata addresses, "this
 * network", multicast and broadcast ({@code Config.DEFAULT_DENIED_CALLBACK_HOSTS}).
 */
public final class CallbackUrlPolicy {
    // Compiled once: every create and every callback attempt asks (String.matches compiled them per call).
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.%]+");
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private final List<Rule> allowed;
    private final List<Rule> denied;
    private final int orderPort;
    private final int callbackPort;

    public CallbackUrlPolicy(List<String> allowed, List<String> denied, int orderPort, int callbackPort) {
        this.allowed = allowed.stream().map(Rule::parse).toList();
        this.denied = denied.stream().map(Rule::parse).toList();
        this.orderPort = orderPort;
        this.callbackPort = callbackPort;
    }

    /** Why {@code url} may not be a callback URL, or empty when it may. Does no DNS lookup. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("must be an absolute http or https URL with a host");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain user info (user:password@): it would be written to every log");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("must have a port between 1 and 65535");
        }
        String host = host(uri);
        Optional<InetAddress> literal = literal(host);
        Optional<String> byPolicy = literal.map(this::refusalOf).orElseGet(() -> refusalOfName(host));
        if (byPolicy.isPresent()) {
            return byPolicy;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port != orderPort && port != callbackPort) {
            return Optional.empty(); // not this platform, whatever the host: no interface lookup needed
        }
        boolean local = host.equals("localhost") || host.endsWith(".localhost") || literal.map(CallbackUrlPolicy::isLocal).orElse(false);
        String path = normalizedPath(uri);
        if (local && under(path, "/v1/admin")) {
            return Optional.of("must not call the platform's own admin API (" + path + ")");
        }
        if (local && port == orderPort && under(path, "/v1/order")) {
            return Optional.of("must not call the platform's own order API (" + path + ")");
        }
        return Optional.empty();
    }

    /** Why a callback host may not be sent to at {@code address} (one it resolved to), or empty when it may. */
    public Optional<String> refusal(String host, InetAddress address) {
        String name = host.toLowerCase(Locale.ROOT);
        boolean isName = literal(name).isEmpty();
        for (Rule rule : denied) {
            if ((isName && rule.matches(name)) || rule.matches(address)) {
                return Optional.of("host " + (isName ? name + " (" + address.getHostAddress() + ")" : address.getHostAddress())
                        + " is denied (" + rule.text() + ")");
            }
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(r -> (isName && r.matches(name)) || r.matches(address))) {
            return Optional.of("host " + address.getHostAddress() + " is not on the allowed list");
        }
        return Optional.empty();
    }

    /** At create, without a lookup: an address by every rule; a name by the name rules (blocks wait for its addresses). */
    private Optional<String> refusalOf(InetAddress address) {
        return refusal(address.getHostAddress(), address);
    }

    private Optional<String> refusalOfName(String host) {
        for (Rule rule : denied) {
            if (rule.matches(host)) {
                return Optional.of("host " + host + " is denied (" + rule.text() + ")");
            }
        }
        if (!allowed.isEmpty() && allowed.stream().allMatch(Rule::isName) && allowed.stream().noneMatch(r -> r.matches(host))) {
            return Optional.of("host " + host + " is not on the allowed list");
        }
        return Optional.empty();
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The path as the server will route it: decoded, dot segments resolved, repeated slashes collapsed. */
    private static String normalizedPath(URI uri) {
        String path = uri.normalize().getPath();
        return path == null || path.isEmpty() ? "/" : REPEATED_SLASHES.matcher(path).replaceAll("/");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }

    /** An IP literal parsed without any lookup; empty for a host name. */
    private static Optional<InetAddress> literal(String host) {
        boolean ipv4 = IPV4.matcher(host).matches();
        boolean ipv6 = host.contains(":") && IPV6.matcher(host).matches();
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    /** A CIDR block (an address alone is a block of one), a host name, or a domain ({@code .example.com}). */
    private record Rule(String text, byte[] network, int prefix, String name) {
        static Rule parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            String address = t.contains("/") ? t.substring(0, t.indexOf('/')) : t;
            Optional<InetAddress> ip = literal(address);
            if (ip.isPresent()) {
                byte[] bytes = ip.get().getAddress();
                int prefix = t.contains("/") ? Integer.parseInt(t.substring(t.indexOf('/') + 1)) : bytes.length * 8;
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("bad CIDR block '" + text + "'");
                }
                return new Rule(text.trim(), bytes, prefix, null);
            }
            if (t.isEmpty() || t.contains("/")) {
                throw new IllegalArgumentException("'" + text + "' is neither a CIDR block nor a host name");
            }
            return new Rule(text.trim(), null, 0, t.startsWith("*.") ? t.substring(1) : t);
        }

        boolean isName() {
            return name != null;
        }

        boolean matches(String host) {
            return name != null && (name.startsWith(".") ? host.endsWith(name) || host.equals(name.substring(1)) : host.equals(name));
        }

        boolean matches(InetAddress address) {
            if (network == null) {
                return false;
            }
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                // An IPv4-mapped IPv6 address is compared as the IPv4 address it carries.
                if (address instanceof java.net.Inet6Address && network.length == 4 && isMapped(bytes)) {
                    bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
                } else {
                    return false;
                }
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((bytes[full] ^ network[full]) & (0xff << (8 - rest))) == 0;
        }

        private static boolean isMapped(byte[] v6) {
            for (int i = 0; i < 10; i++) {
                if (v6[i] != 0) {
                    return false;
                }
            }
            return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
        }
    }
}
