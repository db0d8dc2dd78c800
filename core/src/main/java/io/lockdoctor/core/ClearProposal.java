package io.lockdoctor.core;

/**
 * What a clear is about to do, for the confirmation: the verdict it rests on with its evidence,
 * the DELETE with its values shown, the INSERT that would put the row back, and the question.
 *
 * @param question one line naming the lock, the table and the verdict, ending in what to type
 */
public record ClearProposal(TableReport report, String deleteStatement, String restoreStatement, String question) {
}
