package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.testenv.junit5.TestEnvironmentHandle;
import io.testenv.junit5.TestEnvironmentOutput;
import io.testenv.junit5.WithTestEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The DataStorage environment (samples/datastorage.yaml: PostgreSQL, Redis, the migrations, the service) brought
 * up once for this class, in a namespace of its own, and torn down after it. A test that needs the service calls
 * it at DATASTORAGE_URL; these check what the environment hands over.
 */
@WithTestEnvironment("../datastorage.yaml")
class DataStorageTest {

    @TestEnvironmentOutput("DATABASE_URL")
    String databaseUrl;

    @Test
    void theDatabaseIsReachableAtItsOutput(TestEnvironmentHandle env) {
        assertEquals("postgres://postgres." + env.namespace() + ".svc:5432/datastorage", databaseUrl);
    }

    @Test
    void theServiceUnderTestIsUp(TestEnvironmentHandle env, @TestEnvironmentOutput("DATASTORAGE_URL") String url) {
        Deployment datastorage =
                env.client().apps().deployments().withName("datastorage").get();
        assertEquals(1, datastorage.getStatus().getAvailableReplicas());
        assertTrue(url.startsWith("http://datastorage." + env.namespace() + ".svc:8080"));
        System.out.println("bring-up: " + env.timeline().bringUpSeconds() + " s, critical path "
                + env.timeline().criticalPath());
    }
}
