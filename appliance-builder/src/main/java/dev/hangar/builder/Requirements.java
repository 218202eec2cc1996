package dev.hangar.builder;

/** The virtual hardware an appliance needs: CPU architecture, vCPU count and memory. */
public record Requirements(String arch, Integer vcpus, Integer memoryMiB) {}
