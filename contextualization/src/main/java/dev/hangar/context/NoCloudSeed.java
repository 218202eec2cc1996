package dev.hangar.context;

import java.util.Optional;

/**
 * The documents of a cloud-init NoCloud seed, as the exact text written to the seed.
 *
 * @param metaData YAML with {@code instance-id} and {@code local-hostname}
 * @param userData a {@code #cloud-config} document
 * @param networkConfig network-config version 2, or empty when the guest should use its defaults
 */
public record NoCloudSeed(String metaData, String userData, Optional<String> networkConfig) {}
