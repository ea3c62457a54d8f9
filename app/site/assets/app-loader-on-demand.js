  globalThis.__EXPORTS__ = compiled().then(function () { return init; });
