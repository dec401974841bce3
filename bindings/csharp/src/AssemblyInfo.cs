using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("TokQual")]
[assembly: AssemblyDescription("Find label errors in token-classification data (tokqual's C# binding)")]
// The test program reaches the generated layer (the bad-input matrix runs through it).
[assembly: InternalsVisibleTo("TokQualTests")]
[assembly: InternalsVisibleTo("TokQualBench")]
