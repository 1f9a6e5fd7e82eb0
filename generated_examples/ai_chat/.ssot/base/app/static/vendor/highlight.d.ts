// The part of highlight.js's API that markdown.js uses (the package's ES build ships no types).
declare const hljs: {
  highlightElement(element: HTMLElement): void;
  configure(options: { ignoreUnescapedHTML?: boolean; throwUnescapedHTML?: boolean }): void;
};
export default hljs;
