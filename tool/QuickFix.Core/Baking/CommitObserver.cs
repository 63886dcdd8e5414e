namespace QuickFix.Baking;

/// <summary>
/// Hears each <see cref="CommitStep"/> as it is done, with the file or folder it concerns. Returning false stops the
/// bake right there as a killed process would stop: nothing after the step runs, no clean-up, and the lock is
/// released the way the kernel releases a dead process's lock. Throwing an exception fails the bake the ordinary
/// way (clean-up included), as a write error would. A seam for the crash-safety tests (and the CLI's
/// <c>QUICKFIX_TEST_CRASH_AT</c>); bakes pass none.
/// </summary>
public delegate bool CommitObserver(CommitStep step, string path);
