package org.glossa.serve;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
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
 */
public final class OriginPolicy {

  private final Set<String> allowed;
  private final boolean sameOrigin;
  private final boolean requireOrigin;

  private OriginPolicy(Set<String> allowed, boolean sameOrigin, boolean requireOrigin) {
    this.allowed = Set.copyOf(allowed);
    this.sameOrigin = sameOrigin;
    this.requireOrigin = requireOrigin;
  }

  /** Same origin, plus the given origins ({@code http://host:port}; a path or a trailing slash is ignored). */
  public static OriginPolicy sameOriginAnd(Collection<String> extraOrigins) {
    Set<String> allowed = new LinkedHashSet<>();
    for (String origin : extraOrigins) {
      String normalised = normalise(origin);
      if (normalised == null) {
        throw new IllegalArgumentException("allowed origin '" + origin + "' is not an http(s) URL such as "
            + "http://localhost:8080");
      }
      allowed.add(normalised);
    }
    return new OriginPolicy(allowed, true, false);
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
    return new OriginPolicy(Set.of(normalised), false, true);
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
