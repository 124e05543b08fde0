namespace NotebookKit.Data;

/// <summary>The images of an IDX file (<c>*-images-idx3-ubyte</c>): <see cref="Count"/> grey images, row after row.</summary>
/// <param name="Count">The number of images.</param>
/// <param name="Rows">Image height in pixels.</param>
/// <param name="Columns">Image width in pixels.</param>
/// <param name="Pixels"><c>Count * Rows * Columns</c> bytes.</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
