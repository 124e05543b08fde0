using NotebookKit.Cli;

return await CliApp.BuildRoot().Parse(args).InvokeAsync().ConfigureAwait(false);
