package io.lockdoctor.core.clear;

/** Asks the operator before anything is deleted. The CLI asks on a terminal; {@code --yes} answers for them. */
@FunctionalInterface
public interface Confirmation {
    /** Already answered yes (the library default and {@code --yes}). */
    Confirmation YES = question -> true;

    /** @return true to go on; the question names the lock, the table, the database and the verdict */
    boolean confirm(String question);
}
