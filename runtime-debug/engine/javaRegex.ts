/** Java regular expressions for JavaScript: shared with the validator, in core/javaRegex.ts. */
export { javaRegExp, javaRegexSource } from '../../core/javaRegex';
