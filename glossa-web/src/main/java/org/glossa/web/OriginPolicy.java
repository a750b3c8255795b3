package org.glossa.web;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may use a server's WebSocket and upload endpoints, judged by the request's {@code Origin} header.
 * Browsers send it on every cross-origin WebSocket handshake and POST, so without this check any page the user
 * visits could open sessions to a server on their loopback address.
 *
 * <p>Same origin is allowed (the page this server served: the Origin's {@code scheme://host:port} names the host and
 * port the request came to, as its {@code Host} header says), and so are the listed extra origins. A request without
 * an Origin header is not from a browser page (curl, the load generator, tests) and is allowed unless the policy
 * {@link #requiresOrigin() requires one}.
 *
 * <p>The {@code Host} header is checked too, on every request, against DNS rebinding: a page at
 * {@code http://evil.example:8080} whose name the attacker later points at 127.0.0.1 is "same origin" with the
 * server by the Origin rule alone. Allowed hosts are IP addresses, {@code localhost} (and {@code *.localhost}), the
 * hosts of the allowed origins and the names given explicitly; a rebinding attack needs a name of its own, so it is
 * refused.
 */
public final class OriginPolicy {

  private final Set<String> allowed;
  private final Set<String> hostNames;
  private final boolean sameOrigin;
  private final boolean requireOrigin;

  private OriginPolicy(Set<String> allowed, Set<String> extraHostNames, boolean sameOrigin, boolean requireOrigin) {
    this.allowed = Set.copyOf(allowed);
    Set<String> names = new LinkedHashSet<>();
    for (String origin : allowed) {
      names.add(URI.create(origin).getHost());
    }
    for (String name : extraHostNames) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    this.hostNames = Set.copyOf(names);
    this.sameOrigin = sameOrigin;
    this.requireOrigin = requireOrigin;
  }

  /** Same origin, plus the given origins ({@code http://host:port}; a path or a trailing slash is ignored). */
  public static OriginPolicy sameOriginAnd(Collection<String> extraOrigins) {
    return sameOriginAnd(extraOrigins, List.of());
  }

  /**
   * Same origin, plus the given origins, and requests addressed to the given host names (besides IP addresses,
   * localhost and the origins' hosts): for a server reached by a name, e.g. {@code signs.example.org}.
   */
  public static OriginPolicy sameOriginAnd(Collection<String> extraOrigins, Collection<String> extraHostNames) {
    for (String name : extraHostNames) {
      if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
        throw new IllegalArgumentException("allowed host '" + name + "' is not a host name such as "
            + "signs.example.org (no scheme, port or path)");
      }
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (String origin : extraOrigins) {
      String normalised = normalise(origin);
      if (normalised == null) {
        throw new IllegalArgumentException("allowed origin '" + origin + "' is not an http(s) URL such as "
            + "http://localhost:8080");
      }
      allowed.add(normalised);
    }
    return new OriginPolicy(allowed, Set.copyOf(extraHostNames), true, false);
  }

  /**
   * Exactly one origin and nothing else, not even requests without an Origin header: for a server that only its own
   * page, loaded from {@code origin}, talks to.
   */
  public static OriginPolicy only(String origin) {
    String normalised = normalise(origin);
    if (normalised == null) {
      throw new IllegalArgumentException("origin '" + origin + "' is not an http(s) URL");
    }
    return new OriginPolicy(Set.of(normalised), Set.of(), false, true);
  }

  /** Whether a request without an Origin header is refused. */
  public boolean requiresOrigin() {
    return requireOrigin;
  }

  /**
   * Whether a request with this {@code Origin} header (may be null) may go on; {@code scheme} ({@code http} for this
   * server) and {@code hostHeader} (may be null) say where the request came to, the origin of this server's pages.
   */
  public boolean allows(String originHeader, String scheme, String hostHeader) {
    if (originHeader == null || originHeader.isBlank()) {
      return !requireOrigin;
    }
    String origin = normalise(originHeader.trim());
    if (origin == null) {
      return false; // "null" (a file:// or sandboxed page) or garbage
    }
    if (allowed.contains(origin)) {
      return true;
    }
    if (!sameOrigin || hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    return origin.equals(normalise(scheme + "://" + hostHeader.trim()));
  }

  /**
   * Whether a request addressed to this {@code Host} header (may be null: HTTP/1.0 clients send none) may go on: an
   * IP address, localhost, an allowed origin's host or an allowed name, with any port.
   */
  public boolean allowsHost(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return true; // no name, so nothing a rebinding attack could have chosen
    }
    String host = hostName(hostHeader.trim());
    if (host == null) {
      return false;
    }
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.equals("localhost")
        || host.endsWith(".localhost") || hostNames.contains(host);
  }

  /** The host part of a Host header in lower case ({@code [::1]} keeps its brackets), or null when malformed. */
  private static String hostName(String hostHeader) {
    URI uri;
    try {
      uri = new URI("http://" + hostHeader + "/");
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || !"/".equals(uri.getRawPath())) {
      return null;
    }
    return uri.getHost().toLowerCase(Locale.ROOT);
  }

  /** The host names (besides IP addresses and localhost) requests may be addressed to. */
  public Set<String> hostNames() {
    return hostNames;
  }

  /**
   * {@code scheme://host:port} in lower case with the scheme's default port filled in, or null when {@code url} is
   * not an http(s) URL with a host.
   */
  static String normalise(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      return null;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  @Override
  public String toString() {
    return (sameOrigin ? "same origin" : "") + (sameOrigin && !allowed.isEmpty() ? " and " : "")
        + String.join(", ", allowed);
  }
}
