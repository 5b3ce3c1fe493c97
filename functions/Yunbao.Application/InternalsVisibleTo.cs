using System.Runtime.CompilerServices;

// Lets the heatmap tests switch the rollup's buffer retention off to exercise its render-twice path.
[assembly: InternalsVisibleTo("Yunbao.Application.Tests")]
