/**
 * Uploads and downloads of partitions and boot files, addressed by the SHA-256 of their bytes, and
 * the CDI wiring of the framework-free content store.
 */
package dev.hangar.marketplace.blob;
