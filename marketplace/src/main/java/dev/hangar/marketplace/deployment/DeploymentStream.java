package dev.hangar.marketplace.deployment;

import dev.hangar.marketplace.deployment.DeploymentApi.DeploymentDto;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deployment's changes as a stream, for server-sent events. It re-reads the deployment from the
 * database twice a second, so it sees changes made by any service instance, and sends a document
 * only when it differs from the last one sent.
 */
final class DeploymentStream {
  /** How often the deployment is re-read. */
  static final Duration POLL = Duration.ofMillis(500);

  /** A stream ends after this long even if the deployment is still moving; clients reconnect. */
  static final Duration LIMIT = Duration.ofMinutes(30);

  private static final Set<DeploymentState> FINAL =
      EnumSet.of(
          DeploymentState.READY,
          DeploymentState.FAILED,
          DeploymentState.STOPPED,
          DeploymentState.DESTROYED);

  private DeploymentStream() {}

  /**
   * {@code first}, then every changed document {@code reload} returns, up to and including the
   * first one in a final state; ends early if the deployment disappears or the caller loses sight
   * of it.
   */
  static Multi<DeploymentDto> of(DeploymentDto first, Supplier<Optional<DeploymentDto>> reload) {
    if (FINAL.contains(first.state())) {
      return Multi.createFrom().item(first);
    }
    Multi<DeploymentDto> changes =
        Multi.createFrom()
            .ticks()
            .every(POLL)
            .emitOn(Infrastructure.getDefaultWorkerPool())
            .map(tick -> reload.get())
            .select()
            .first(untilFinal())
            .map(Optional::get);
    return Multi.createBy()
        .concatenating()
        .streams(Multi.createFrom().item(first), changes)
        .skip()
        .repetitions()
        .select()
        .first(LIMIT);
  }

  /** Accepts items up to and including the first in a final state, then nothing more. */
  private static Predicate<Optional<DeploymentDto>> untilFinal() {
    return new Predicate<>() {
      private boolean ended;

      @Override
      public boolean test(Optional<DeploymentDto> dto) {
        if (ended || dto.isEmpty()) {
          return false;
        }
        ended = FINAL.contains(dto.get().state());
        return true;
      }
    };
  }
}
