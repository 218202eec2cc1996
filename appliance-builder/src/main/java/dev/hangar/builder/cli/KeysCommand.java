package dev.hangar.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar keys generate|register|list}: publisher signing keys. */
@Command(name = "keys", description = "Generate signing keys and register them with a publisher.")
final class KeysCommand implements Runnable {
  private final CliContext ctx;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private KeysCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new KeysCommand(ctx));
    cl.addSubcommand("generate", new Generate(ctx));
    cl.addSubcommand("register", new Register(ctx));
    cl.addSubcommand("list", new ListKeys(ctx));
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a keys command: generate, register or list");
  }

  /** Key types on the command line. */
  enum KeyType {
    ED25519(SignatureAlgorithm.ED25519),
    ECDSA_P256(SignatureAlgorithm.ECDSA_P256_SHA256);

    final SignatureAlgorithm algorithm;

    KeyType(SignatureAlgorithm algorithm) {
      this.algorithm = algorithm;
    }

    static KeyType parse(String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "ed25519" -> ED25519;
        case "ecdsa-p256", "p256", "p-256" -> ECDSA_P256;
        default ->
            throw new CommandLine.TypeConversionException(
                "expected ed25519 or ecdsa-p256, got '" + text + "'");
      };
    }
  }

  @Command(name = "generate", description = "Generate a key pair: KEY (0600) and KEY.pub.")
  static final class Generate implements Callable<Integer> {
    private final CliContext ctx;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        defaultValue = "ed25519",
        converter = TypeConverter.class,
        description = "ed25519 (default) or ecdsa-p256")
    KeyType type;

    @Option(
        names = {"-o", "--output"},
        required = true,
        paramLabel = "KEY",
        description = "Private key file to write (its public key goes to KEY.pub)")
    Path output;

    @Option(names = "--force", description = "Replace existing key files")
    boolean force;

    Generate(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      KeyPair pair = KeyPairs.generate(type.algorithm);
      try {
        KeyFiles.write(output, pair, force);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + output, e);
      }
      String keyId = KeyPairs.keyId(pair.getPublic());
      ctx.emit(
          CliContext.object()
              .put("keyId", keyId)
              .put("algorithm", type.algorithm.name())
              .put("privateKey", output.toAbsolutePath().toString())
              .put("publicKey", KeyFiles.publicFile(output).toAbsolutePath().toString()),
          "key "
              + keyId
              + " ("
              + type.algorithm
              + ")\n  private: "
              + output
              + "\n  public:  "
              + KeyFiles.publicFile(output));
      return ExitCodes.OK;
    }
  }

  /** Converts {@code --type}. */
  static final class TypeConverter implements CommandLine.ITypeConverter<KeyType> {
    @Override
    public KeyType convert(String value) {
      return KeyType.parse(value);
    }
  }

  @Command(name = "register", description = "Register a public key with a publisher.")
  static final class Register implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "KEY", description = "KEY.pub, or a key file from keys generate")
    Path key;

    @Option(names = "--publisher", required = true, paramLabel = "P", description = "Publisher")
    String publisher;

    Register(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      ctx.requireToken();
      PublicKey publicKey = KeyFiles.readPublicKey(key);
      JsonNode registered =
          ctx.client().postText("publishers/" + publisher + "/keys", Pem.writePublicKey(publicKey));
      ctx.emit(
          registered,
          "registered " + registered.path("keyId").asText() + " for publisher " + publisher);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List a publisher's registered keys.")
  static final class ListKeys implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--publisher", required = true, paramLabel = "P", description = "Publisher")
    String publisher;

    ListKeys(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      JsonNode keys = ctx.client().get("publishers/" + publisher + "/keys");
      StringBuilder human = new StringBuilder();
      for (JsonNode k : keys) {
        human
            .append(k.path("keyId").asText())
            .append("  ")
            .append(k.path("algorithm").asText())
            .append(k.path("revokedAt").isNull() ? "" : "  revoked " + k.path("revokedAt").asText())
            .append('\n');
      }
      ArrayNode result = CliContext.JSON.createArrayNode();
      keys.forEach(result::add);
      ctx.emit(result, human.toString().stripTrailing());
      return ExitCodes.OK;
    }
  }
}
