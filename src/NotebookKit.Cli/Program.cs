using NotebookKit.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
