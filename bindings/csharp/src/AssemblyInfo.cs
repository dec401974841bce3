using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("TokQual")]
[assembly: AssemblyDescription("Find label errors in token-classification data (tokqual's C# binding)")]
// The project's version (ApiTests checks it against the header; the native library loaded must
// report the same, see TqExceptionHelper.Register).
[assembly: AssemblyVersion("0.1.0.0")]
// The test program reaches the generated layer (the bad-input matrix runs through it).
[assembly: InternalsVisibleTo("TokQualTests")]
[assembly: InternalsVisibleTo("TokQualBench")]
