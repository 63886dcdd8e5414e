namespace QuickFix.Editing;

/// <summary>
/// One (key, value) pair: the anchor prompt of edit <paramref name="Edit"/> under template <paramref name="Template"/>
/// at <paramref name="KeyPosition"/> maps to the target prompt at <paramref name="ValuePosition"/> (the fixture's
/// <c>pairs</c> rows). Preservation pairs have <paramref name="Edit"/> = −1 and the preserve prompt's index as
/// <paramref name="Template"/>.
/// </summary>
internal readonly record struct EditPair(int Edit, int Template, int KeyPosition, int ValuePosition);
