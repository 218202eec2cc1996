package dev.hangar.marketplace;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SearchTest} (words, filters, facets, cursors) on H2, the embedded default. */
@QuarkusTest
@TestProfile(H2Profile.class)
@WithTestResource(S3ProxyResource.class)
class H2SearchTest extends SearchTest {}
