/** Building and publishing the bundled sample appliances on first start. */
package dev.hangar.marketplace.samples;
