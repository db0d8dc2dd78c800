package io.lockdoctor.core;

/** Asks the operator before anything is deleted. The CLI asks on a terminal, or takes a yes given in advance. */
@FunctionalInterface
public interface Confirmation {
    /** Already answered yes (the library default, and a yes given in advance). */
    Confirmation YES = proposal -> true;

    /**
     * Called once everything the operator should weigh is known: the verdict with its evidence,
     * the DELETE and the INSERT that would restore the row. Show all of it, then ask.
     *
     * @return true to go on
     */
    boolean confirm(Proposal proposal);

    /**
     * What a clear is about to do, for the confirmation: the verdict it rests on with its evidence,
     * the DELETE with its values shown, the INSERT that would put the row back, and the question.
     *
     * @param question one line naming the lock, the table and the verdict, ending in what to type
     */
    record Proposal(TableReport report, String deleteStatement, String restoreStatement, String question) {
    }
}
