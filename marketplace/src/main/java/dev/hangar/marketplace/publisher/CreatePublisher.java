package dev.hangar.marketplace.publisher;

import dev.hangar.marketplace.appliance.Names;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request body that registers a publisher. */
public record CreatePublisher(
    @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String name,
    @Size(max = 200) String displayName) {}
