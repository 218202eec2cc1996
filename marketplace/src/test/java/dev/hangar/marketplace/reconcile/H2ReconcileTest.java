package dev.hangar.marketplace.reconcile;

import dev.hangar.marketplace.H2Profile;
import dev.hangar.marketplace.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link ReconcileTest} on H2, the embedded default: its migration and queries on both databases.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
@WithTestResource(S3ProxyResource.class)
class H2ReconcileTest extends ReconcileTest {}
