package dev.hangar.marketplace.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hangar's own settings, under the {@code hangar.} prefix of application.properties. */
@ConfigMapping(prefix = "hangar")
public interface HangarConfig {

  /** Where partitions and boot files are stored. */
  Store store();

  /** Where and how VMs are deployed. */
  Deployer deployer();

  /** The bundled sample appliances. */
  Samples samples();

  /** Authentication bootstrap. */
  Auth auth();

  /** Signature and attestation requirements. */
  Trust trust();

  /** Imports of whole disk images. */
  Imports imports();

  /** Appliance logos. */
  Logos logos();

  /** The reconciliation loop comparing desired and observed state of deployments. */
  Reconcile reconcile();

  /** Catalog search. */
  Search search();

  /** Catalog search (ARCHITECTURE.md "Where things live", {@code search/}). */
  interface Search {
    /**
     * Answer searches of callers who see only public appliances (anonymous, consumers) from an
     * in-memory copy of the public catalog instead of the database.
     */
    @WithDefault("true")
    boolean index();

    /**
     * Keep no in-memory copy of a public catalog whose text (names, summaries, descriptions as
     * markdown and HTML, tags) exceeds this many characters; such searches use the database.
     */
    @WithDefault("50000000")
    long indexMaxChars();
  }

  /** Reconciliation passes and their policy (ARCHITECTURE.md "Reconciliation"). */
  interface Reconcile {
    /** Time between passes; {@code 0s} turns the loop off (passes can still be run on demand). */
    @WithDefault("60s")
    Duration interval();

    /**
     * Restarts within {@link #restartWindow()} of a READY deployment's domain found shut off or
     * crashed; found down once more, the deployment fails (its VM is kept for inspection).
     */
    @WithDefault("3")
    int maxRestarts();

    /** The window restarts are counted in. */
    @WithDefault("1h")
    Duration restartWindow();

    /**
     * How long an orphan (a Hangar domain or volume no live deployment owns, an unreferenced claim)
     * must have been one before it is removed.
     */
    @WithDefault("10m")
    Duration orphanGrace();
  }

  /** Limits and scratch space of whole-image imports (qcow2, VMDK, VHD(X), ISO, OVA, raw). */
  interface Imports {
    /** Directory for the uploaded image and its raw conversion while an import runs. */
    @WithDefault("data/imports")
    Path workDir();

    /** Largest image upload accepted, in bytes. */
    @WithDefault("68719476736")
    long maxUploadBytes();

    /** Largest virtual disk size accepted, in bytes (the converted raw disk is this large). */
    @WithDefault("274877906944")
    long maxVirtualSize();

    /**
     * Address-space limit ({@code prlimit --as}) of every qemu-img run, in bytes. 4 GiB: with 1
     * GiB, {@code qemu-img convert} sometimes failed to start its I/O threads (8 MiB stacks each).
     */
    @WithDefault("4294967296")
    long toolAddressSpace();

    /** CPU-time limit ({@code prlimit --cpu}) of every qemu-img run, in seconds. */
    @WithDefault("600")
    long toolCpuSeconds();

    /** Wall-clock limit of every qemu-img run. */
    @WithDefault("15m")
    Duration toolTimeout();
  }

  /** Appliance logos. */
  interface Logos {
    /** Largest logo accepted, in bytes. */
    @WithDefault("262144")
    int maxBytes();
  }

  /** NoCloud-net endpoints, the context broker and secret context parameters. */
  Context context();

  /** How guests reach the service and how their secrets are kept. */
  interface Context {
    /**
     * Base URL guests use to reach this service, written into each VM's SMBIOS serial as {@code
     * ds=nocloud-net;s=<public-url>/api/v1/nocloud/<token>/}. Unset: {@code http://10.0.2.2:<HTTP
     * port>}, the host's loopback as seen from a guest on libvirt user-mode networking.
     */
    Optional<String> publicUrl();

    /**
     * AES-256 key (base64 of 32 bytes) sealing secret context parameters in the database; never
     * logged. Unset: the key in {@link #secretKeyFile()}, generated there on first start.
     */
    Optional<String> secretKey();

    /** Where the generated secret key is kept (created with mode 0600 when missing). */
    @WithDefault("data/context-secret.key")
    Path secretKeyFile();
  }

  /** The site trust policy. */
  interface Trust {
    /**
     * A TrustPolicy file (YAML or JSON, FORMAT.md "Policy file"). Without it, the built-in AUDIT
     * policy trusts each publisher's registered keys for that publisher's own appliances.
     */
    Optional<Path> policyFile();

    /**
     * The marketplace's catalog signing key (PEM, Ed25519), generated with mode 0600 on first start
     * when missing; it signs the catalog snapshot and timestamp.
     */
    @WithDefault("data/catalog-key.pem")
    Path catalogKeyFile();

    /**
     * PEM files of X.509 root certificates (CAs) the site trusts: publisher keys registered as
     * certificate chains count only while their chain validates to one of them, and policy rules
     * may then name certificate identities (CN, e-mail, DNS, URI).
     */
    Optional<List<Path>> certificateRoots();

    /** How long a signed catalog timestamp stays valid; it is re-issued at half this age. */
    @WithDefault("1h")
    Duration timestampValidity();

    /** How long a signed catalog snapshot stays valid; it is re-issued at half this age. */
    @WithDefault("168h")
    Duration snapshotValidity();
  }

  /** How the first administrator gets in. */
  interface Auth {
    /**
     * A token the {@code admin} user is given on start (for automation and tests); never logged.
     * Without it, a new database gets an admin whose token is written to {@link #adminTokenFile()}.
     */
    Optional<String> adminToken();

    /** Where the generated admin token is written (mode 0600) on a new database. */
    @WithDefault("data/admin-token")
    Path adminTokenFile();
  }

  /** Content store backend settings. */
  interface Store {
    /** {@code filesystem} (the embedded default) or {@code s3}. */
    @WithDefault("filesystem")
    String type();

    /** Root directory of the filesystem blob store. */
    @WithDefault("data/blobs")
    Path path();

    /** S3 settings, used when {@code type=s3}. */
    S3 s3();
  }

  /** S3-compatible object storage (MinIO, Ceph RGW, AWS S3). */
  interface S3 {
    /** Endpoint URL, e.g. {@code http://127.0.0.1:9000}. */
    Optional<String> endpoint();

    /** Region name; most S3-compatible servers accept the default. */
    @WithDefault("us-east-1")
    String region();

    /** Bucket holding Hangar's objects; created if missing. */
    @WithDefault("hangar")
    String bucket();

    /** Access key id. */
    Optional<String> accessKey();

    /** Secret access key; never logged. */
    Optional<String> secretKey();
  }

  /** The VMM pool, its image caches and the deploy job queue. */
  interface Deployer {
    /**
     * libvirt URI of the node registered as {@code local} when {@link #nodes()} is empty, which is
     * the single-host setup of scripts/run.sh.
     */
    @WithDefault("qemu:///system")
    String nodeUri();

    /**
     * Nodes registered at start-up, by name ({@code hangar.deployer.nodes.<name>.uri=...}); more
     * are added at run time through {@code POST /api/v1/nodes}. Empty: one node {@code local} at
     * {@link #nodeUri()}.
     */
    Map<String, NodeConfig> nodes();

    /** How often every node is probed (capacity, cache) and unreachable ones are retried. */
    @WithDefault("30s")
    Duration healthInterval();

    /** Nodes one deployment is tried on before it fails, when deploying on a node fails. */
    @WithDefault("3")
    int maxAttempts();

    /** Deploy and destroy jobs this instance runs at the same time. */
    @WithDefault("4")
    int workerThreads();

    /** How long an idle job worker waits before looking for due jobs again. */
    @WithDefault("1s")
    Duration jobPoll();

    /**
     * How long a taken job stays this instance's without a heartbeat; after that another instance
     * takes it over, as after a crash.
     */
    @WithDefault("30s")
    Duration jobLease();

    /** Name of the libvirt storage pool used as the node image cache. */
    @WithDefault("hangar-cache")
    String pool();

    /** Directory backing the cache pool on the node. */
    @WithDefault("/var/lib/hangar/cache")
    Path poolDir();

    /** Directory on the node where serial console logs are written. */
    @WithDefault("/var/log/hangar/console")
    Path consoleDir();

    /** How long a booting VM may take to report {@code HANGAR-READY}. */
    @WithDefault("180s")
    Duration readyTimeout();

    /**
     * Deployer-side directory for per-node cache state (LRU last use, verification ledger); losing
     * it costs one full re-hash per cached volume.
     */
    @WithDefault("data/deployer")
    Path stateDir();

    /**
     * Most the content-addressed volumes of a node's cache may take, e.g. {@code 50G}; staging
     * evicts least-recently-used unpinned volumes to stay under it. Unset: no cap.
     */
    Optional<MemorySize> cacheCap();

    /** How long a stop (or reboot) waits for the guest to shut down before powering it off. */
    @WithDefault("30s")
    Duration stopGrace();

    /**
     * libvirt network (e.g. {@code default}) the VMs' virtio NIC joins; unset: QEMU user-mode
     * networking (outbound NAT only, the VM reaches the node's loopback as 10.0.2.2).
     */
    Optional<String> network();
  }

  /** Sample appliances built and published on first start. */
  interface Samples {
    /** Directory holding one sub-directory with a {@code recipe.yaml} per sample. */
    @WithDefault("samples")
    Path dir();

    /** Build and publish the samples on start-up when they are not in the catalog yet. */
    @WithDefault("false")
    boolean publishOnStart();

    /** Publisher the samples are published under. */
    @WithDefault("hangar-samples")
    String publisher();

    /** Where built sample images are kept between starts. */
    @WithDefault("data/samples")
    Path buildDir();
  }

  /** A node registered from configuration. */
  interface NodeConfig {
    /** Its libvirt URI, e.g. {@code qemu+ssh://root@node1/system}. */
    String uri();

    /** Operator labels placements may require, e.g. {@code disk=ssd}. */
    Map<String, String> labels();

    /** The site (data centre) it is in. */
    @WithDefault("local")
    String site();

    /**
     * The libvirt storage pool holding this node's image cache, when not {@code
     * hangar.deployer.pool}: a faster disk of that host, or a second node entry on the same
     * libvirtd (under another URI, e.g. {@code qemu+unix:///system}) with a cache of its own.
     */
    Optional<String> pool();

    /**
     * Directory backing {@link #pool()} on the node; defaults to a sibling of the default pool's.
     */
    Optional<Path> poolDir();
  }
}
