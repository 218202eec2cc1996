/**
 * Publish progress as server-sent events: the steps of an import (bytes received, inspection,
 * conversion, chunks stored) and of a publish (each file verified) are reported per version, and
 * anyone who may see the version can follow them live or replay the last operation.
 *
 * <p>Terms: an <em>operation</em> is one import or publish of a version; its <em>events</em> end
 * with a terminal {@code done} or {@code failed} event, which completes every stream.
 */
package dev.hangar.marketplace.progress;
