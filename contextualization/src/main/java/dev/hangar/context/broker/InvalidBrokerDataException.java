package dev.hangar.context.broker;

/** A group description or provided data the broker cannot accept; {@link #field()} names where. */
public final class InvalidBrokerDataException extends IllegalArgumentException {
  private final String field;
  private final String problem;

  public InvalidBrokerDataException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The offending field, e.g. {@code roles[1].requires} or {@code address}. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field name. */
  public String problem() {
    return problem;
  }
}
