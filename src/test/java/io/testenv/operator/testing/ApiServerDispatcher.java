package io.testenv.operator.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The fabric8 CRUD dispatcher taught what the operator's production code and kubectl use:
 * <ul>
 * <li>server-side apply ({@code application/apply-patch+yaml}): create when absent, otherwise an RFC 7386 merge
 * of the applied configuration; on the main resource the applied status is ignored, on {@code /status} only
 * the status is taken. Field ownership is not tracked (no managedFields, no conflicts);</li>
 * <li>JSON merge patch as RFC 7386 (the stock handler appends arrays). A strategic merge patch is treated as a
 * JSON merge patch: lists are replaced, not merged by key, which is what the operator and the tests need;</li>
 * <li>discovery documents for the built-in kinds and for every stored CustomResourceDefinition.</li>
 * </ul>
 * Generation and resourceVersion follow the stock rules: generation moves when anything outside metadata and
 * status changes, never on status writes.
 */
public class ApiServerDispatcher extends KubernetesCrudDispatcher {

    static final String APPLY_PATCH = "application/apply-patch+yaml";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String STATUS_SUFFIX = "/status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Method PROCESS = processMethod();

    private final PostHandler create;
    private final PutHandler replace;
    private final Discovery discovery;

    public ApiServerDispatcher() {
        // the dispatcher's own extractor: it knows the CRDs stored so far
        this.create = new PostHandler((KubernetesAttributesExtractor) attributeExtractor, this);
        this.replace = new PutHandler(this);
        this.discovery = new Discovery(this::storedCrds);
    }

    Discovery discovery() {
        return discovery;
    }

    /**
     * The stock store finds an object by scanning every stored entry, so each write costs O(objects), Events
     * included. This index (group, plural, namespace, name) makes it O(1); the store itself is unchanged.
     */
    private final Map<String, AttributeSet> index = new ConcurrentHashMap<>();

    /** The stored CRDs by name, kept from write events: discovery reads them on many requests. */
    private final Map<String, JsonNode> crds = new ConcurrentSkipListMap<>();

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        String key = indexKey(attributes);
        if (key == null && attributes.containsKey(KubernetesAttributesExtractor.NAME)
                && value(attributes, KubernetesAttributesExtractor.NAME).isEmpty()) {
            // a create with generateName (Events): no stored object has an empty name, no need to scan them all
            return null;
        }
        if (key == null) {
            return super.findResource(attributes);
        }
        AttributeSet stored = index.get(key);
        String value = stored == null ? null : map.get(stored);
        return value != null && stored.matches(attributes) ? Map.entry(stored, value) : null;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            String key = indexKey(oldAttributes);
            if (key != null) {
                index.remove(key, oldAttributes);
            }
            if (isCrd(oldAttributes)) {
                crds.remove(value(oldAttributes, KubernetesAttributesExtractor.NAME));
            }
        }
        if (newState != null) {
            // the attributes the stock store has just put the new state under
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
            AttributeSet added = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!added.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                added = AttributeSet.merge(pathAttributes, added);
            }
            String key = indexKey(added);
            if (key != null && map.containsKey(added)) {
                index.put(key, added);
            }
            if (isCrd(added)) {
                crds.put(value(added, KubernetesAttributesExtractor.NAME), readCrd(newState));
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        index.clear();
        crds.clear();
    }

    private static boolean isCrd(AttributeSet attributes) {
        return value(attributes, KubernetesAttributesExtractor.PLURAL).equals("customresourcedefinitions");
    }

    private static JsonNode readCrd(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored CRD is not JSON", e);
        }
    }

    private static String indexKey(AttributeSet attributes) {
        String name = value(attributes, KubernetesAttributesExtractor.NAME);
        String plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
        if (name.isEmpty() || plural.isEmpty()) {
            return null;
        }
        return value(attributes, KubernetesAttributesExtractor.API) + "|" + plural + "|"
                + value(attributes, KubernetesAttributesExtractor.NAMESPACE) + "|" + name;
    }

    private static String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        Object value = attribute == null || attribute.getValues().isEmpty() ? null
                : attribute.getValues().iterator().next();
        String text = value == null ? null : value.toString();
        return text == null ? "" : text;
    }

    @Override
    public MockResponse handleGet(String path) {
        String plain = withoutQuery(path);
        if (plain.equals("/")) {
            return json(HttpURLConnection.HTTP_OK, rootPaths());
        }
        Optional<JsonNode> document = discovery.serve(plain).or(() -> OpenApi.serve(plain, discovery));
        if (document.isPresent()) {
            return json(HttpURLConnection.HTTP_OK, document.get());
        }
        if (plain.startsWith("/openapi/")) {
            return Statuses.notFound("only OpenAPI v3 is served, and only what kubectl needs");
        }
        if (discovery.isUnknownGroupVersion(plain)) {
            return Statuses.notFound("the server could not find the requested resource");
        }
        FieldSelectors.Split split = FieldSelectors.split(path);
        if (path.contains("watch=true")) {
            return super.handleGet(path);
        }
        AttributeSet single = getKey(plain);
        if (indexKey(single) != null) {
            // one object by name: through the index, not the stock store's scan of every entry
            Map.Entry<AttributeSet, String> found = findResource(single);
            return found == null ? Statuses.notFound(plain + " not found")
                    : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
        }
        MockResponse response = super.handleGet(split.filters().isEmpty() ? path : split.pathForDispatcher());
        return ListResponses.typed(plain, split.filters().isEmpty() ? response
                : ListResponses.filtered(response, split.filters()), discovery);
    }

    /** The served version of a stored CRD, by the group, version and plural of a request path. */
    Optional<JsonNode> crdVersion(String group, String version, String plural) {
        for (JsonNode crd : storedCrds()) {
            JsonNode spec = crd.path("spec");
            if (spec.path("group").asText().equals(group) && spec.path("names").path("plural").asText().equals(plural)) {
                for (JsonNode candidate : spec.path("versions")) {
                    if (candidate.path("name").asText().equals(version)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return AccessReviews.answer(withoutQuery(request.getPath()), request).orElseGet(() -> super.handleCreate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
        if (contentType.startsWith(APPLY_PATCH)) {
            return underCrudLock(request, this::apply);
        }
        if (contentType.startsWith(MERGE_PATCH) || contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
            return underCrudLock(request, this::merge);
        }
        return super.handlePatch(request);
    }

    private MockResponse apply(String path, String contentType, String body) throws KubernetesCrudDispatcherException {
        String plain = withoutQuery(path);
        boolean status = plain.endsWith(STATUS_SUFFIX);
        String objectPath = status ? plain.substring(0, plain.length() - STATUS_SUFFIX.length()) : plain;
        ObjectNode applied = (ObjectNode) parse(body, body.stripLeading().startsWith("{") ? JSON : YAML);
        Map.Entry<AttributeSet, String> current = findResource(getKey(objectPath));
        if (current == null) {
            if (status) {
                return Statuses.notFound(objectPath + " not found");
            }
            applied.remove("status");
            return create.handle(objectPath.substring(0, objectPath.lastIndexOf('/')), "application/json",
                    applied.toString());
        }
        JsonNode existing = asNode(current);
        ObjectNode merged;
        if (status) {
            merged = ((ObjectNode) existing).deepCopy();
            merged.set("status", JsonMergePatch.apply(existing.get("status"), applied.path("status")));
        } else {
            applied.remove("status");
            mergeOwnerReferences(existing, applied);
            merged = (ObjectNode) JsonMergePatch.apply(existing, applied);
            if (controllerReferences(merged) > 1) {
                return Statuses.failure(KubernetesCrudDispatcherHandler.HTTP_UNPROCESSABLE_ENTITY, "Invalid",
                        merged.path("kind").asText() + " \"" + merged.path("metadata").path("name").asText()
                                + "\" is invalid: metadata.ownerReferences: Only one reference can have Controller "
                                + "set to true");
            }
        }
        return replace.handle(plain, "application/json", merged.toString());
    }

    /**
     * Server-side apply merges {@code metadata.ownerReferences} as a list-map keyed by uid (other owners stay),
     * unlike the RFC 7386 merge that replaces lists.
     */
    private static void mergeOwnerReferences(JsonNode existing, ObjectNode applied) {
        JsonNode current = existing.path("metadata").path("ownerReferences");
        JsonNode incoming = applied.path("metadata").path("ownerReferences");
        if (!current.isArray() || !incoming.isArray()) {
            return;
        }
        ArrayNode merged = JSON.createArrayNode();
        current.forEach(owner -> {
            boolean replaced = false;
            for (JsonNode candidate : incoming) {
                replaced |= candidate.path("uid").asText().equals(owner.path("uid").asText());
            }
            if (!replaced) {
                merged.add(owner);
            }
        });
        incoming.forEach(merged::add);
        ((ObjectNode) applied.get("metadata")).set("ownerReferences", merged);
    }

    private static long controllerReferences(JsonNode object) {
        long count = 0;
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            count += owner.path("controller").asBoolean(false) ? 1 : 0;
        }
        return count;
    }

    private MockResponse merge(String path, String contentType, String body) throws KubernetesCrudDispatcherException {
        String plain = withoutQuery(path);
        String objectPath = plain.endsWith(STATUS_SUFFIX)
                ? plain.substring(0, plain.length() - STATUS_SUFFIX.length()) : plain;
        Map.Entry<AttributeSet, String> current = findResource(getKey(objectPath));
        if (current == null) {
            return Statuses.notFound(objectPath + " not found");
        }
        JsonNode merged = JsonMergePatch.apply(asNode(current), parse(body, JSON));
        return replace.handle(plain, "application/json", merged.toString());
    }

    /**
     * Runs a handler as the stock dispatcher runs its own: under its write lock, with its error mapping. Its
     * {@code process} method is package-private; the test classloaders do not share packages with the library,
     * so it is called reflectively.
     */
    private MockResponse underCrudLock(RecordedRequest request, KubernetesCrudDispatcherHandler handler) {
        try {
            return (MockResponse) PROCESS.invoke(this, request, handler);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static Method processMethod() {
        try {
            Method process = KubernetesCrudDispatcher.class.getDeclaredMethod("process", RecordedRequest.class,
                    KubernetesCrudDispatcherHandler.class);
            process.setAccessible(true);
            return process;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the fabric8 mock server changed: no process(request, handler)", e);
        }
    }

    private List<JsonNode> storedCrds() {
        return List.copyOf(crds.values());
    }

    private static JsonNode rootPaths() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("paths").add("/api").add("/api/v1").add("/apis").add("/version");
        return root;
    }

    private static JsonNode parse(String body, ObjectMapper mapper) throws KubernetesCrudDispatcherException {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new KubernetesCrudDispatcherException("request body is not valid: " + e.getOriginalMessage(),
                    KubernetesCrudDispatcherHandler.HTTP_UNPROCESSABLE_ENTITY);
        }
    }

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
