package org.glossa.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  @Test
  void sameOriginMatchesTheHostTheRequestCameToWithDefaultPortsAndAnyCase() {
    OriginPolicy policy = OriginPolicy.sameOriginAnd(List.of());
    assertTrue(policy.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
    assertTrue(policy.allows("http://LocalHost", "http", "localhost:80"));
    assertTrue(policy.allows("http://localhost:80", "http", "localhost"));
    assertFalse(policy.allows("http://evil.example", "http", "127.0.0.1:8080"));
    assertFalse(policy.allows("http://127.0.0.1:8081", "http", "127.0.0.1:8080"));
    assertFalse(policy.allows("https://127.0.0.1:8080", "http", "127.0.0.1:8080"), "another scheme");
    assertFalse(policy.allows("null", "http", "127.0.0.1:8080"), "a file:// or sandboxed page");
    assertFalse(policy.allows("http://127.0.0.1:8080", "http", null), "no Host to compare with");
    assertTrue(policy.allows(null, "http", "127.0.0.1:8080"), "not a browser page: curl, the load generator");
  }

  @Test
  void addedOriginsAreAllowedAndMustBeHttpUrls() {
    OriginPolicy policy = OriginPolicy.sameOriginAnd(List.of("https://demo.example/", "http://localhost:3000/app"));
    assertTrue(policy.allows("https://demo.example", "http", "127.0.0.1:8080"));
    assertTrue(policy.allows("https://demo.example:443", "http", "127.0.0.1:8080"));
    assertTrue(policy.allows("http://localhost:3000", "http", "127.0.0.1:8080"));
    assertFalse(policy.allows("http://localhost:3001", "http", "127.0.0.1:8080"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> OriginPolicy.sameOriginAnd(List.of("localhost:3000")));
    assertTrue(bad.getMessage().contains("'localhost:3000' is not an http(s) URL"), bad.getMessage());
  }

  @Test
  void onlyOneOriginRefusesEverythingElseEvenRequestsWithoutOrigin() {
    OriginPolicy policy = OriginPolicy.only("http://127.0.0.1:4000");
    assertTrue(policy.allows("http://127.0.0.1:4000", "http", "127.0.0.1:4000"));
    assertFalse(policy.allows("http://localhost:4000", "http", "localhost:4000"), "same origin is not enough");
    assertFalse(policy.allows(null, "http", "127.0.0.1:4000"));
    assertFalse(policy.allows("", "http", "127.0.0.1:4000"));
  }

  @Test
  void hostsAreIpAddressesLocalhostTheOriginsHostsAndNamedOnesOnly() {
    OriginPolicy policy = OriginPolicy.sameOriginAnd(List.of("https://demo.example/"), List.of("Signs.Example.org"));
    for (String host : List.of("127.0.0.1:8080", "10.1.2.3", "[::1]:8080", "localhost:8080", "LOCALHOST",
        "app.localhost:3000", "demo.example", "signs.example.org:8080")) {
      assertTrue(policy.allowsHost(host), host);
    }
    assertTrue(policy.allowsHost(null), "HTTP/1.0: no name at all");
    for (String host : List.of("evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
        "user@localhost", "localhost/x", "")) {
      assertEquals(host.isEmpty(), policy.allowsHost(host), host);
    }
    assertFalse(OriginPolicy.sameOriginAnd(List.of()).allowsHost("demo.example"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> OriginPolicy.sameOriginAnd(List.of(), List.of("http://signs.example.org")));
    assertTrue(bad.getMessage().contains("not a host name"), bad.getMessage());
  }
}
