namespace QuickFix.Checkpoints.Pickle;

/// <summary>Makes the error for a problem at the opcode being interpreted (the unpickler fills in file, part and byte).</summary>
internal delegate PickleCheckpointException PickleFailure(PickleCheckpointError reason, string message);
