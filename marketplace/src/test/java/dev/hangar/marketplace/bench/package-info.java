/**
 * Benchmarks run as commands (main classes), not as tests: they need the real libvirtd, S3Proxy and
 * minutes of machine time, and print ratios measured side by side in one run.
 */
package dev.hangar.marketplace.bench;
