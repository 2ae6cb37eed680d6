package io.testenv.operator.reconciler.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own API traffic, as {@code testenv_api_requests_total{verb,resource,code}}: every request its
 * client (and the impersonating clients derived from it) sends, named as the API server's audit log names them
 * (get, list, watch, create, update, patch, delete, deletecollection) with the resource (and subresource).
 */
public class ApiRequests {

    /** A request as the audit log names it. */
    public record Request(String verb, String resource) {}

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ApiRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String method, URI uri, String code) {
        Request request = classify(method, uri);
        String key = request.verb() + " " + request.resource() + " " + code;
        counters.computeIfAbsent(
                        key,
                        k -> Counter.builder("testenv.api.requests")
                                .description(
                                        "Requests the operator sent to the API server, by verb, resource and answer code")
                                .tags(Tags.of(
                                        Tag.of("verb", request.verb()),
                                        Tag.of("resource", request.resource()),
                                        Tag.of("code", code)))
                                .register(registry))
                .increment();
    }

    /**
     * The verb and resource of a request: {@code /api/v1/namespaces/ns/configmaps/x} is a {@code get} of
     * {@code configmaps}, the same path without a name a {@code list} (a {@code watch} with {@code watch=true}),
     * {@code .../testenvironments/x/status} a request on {@code testenvironments/status}; anything that is not a
     * resource path (discovery, /version) is {@code get} of {@code discovery}.
     */
    public static Request classify(String method, URI uri) {
        String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/");
        int start;
        if (parts.length >= 2 && parts[0].equals("api")) {
            start = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            start = 3;
        } else {
            return new Request(method.toLowerCase(java.util.Locale.ROOT), "discovery");
        }
        if (parts.length > start + 1 && parts[start].equals("namespaces") && parts.length > start + 2) {
            start += 2;
        }
        if (parts.length <= start) {
            return new Request(method.toLowerCase(java.util.Locale.ROOT), "discovery");
        }
        String resource = parts[start];
        boolean named = parts.length > start + 1;
        if (named && parts.length > start + 2) {
            resource = resource + "/" + parts[start + 2];
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (method.toUpperCase(java.util.Locale.ROOT)) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new Request(verb, resource);
    }
}
