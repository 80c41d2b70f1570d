/**
 * Java behaviours MI's data services output depends on: HashMap iteration order (Double.toString and
 * Double.parseDouble are expr/values.ts javaDoubleToString and javaParseDouble).
 */

/**
 * org.json's JSONObject keeps its members in a HashMap, so MI reads a JSON output mapping in its order (javaHashOrder,
 * shared with the rest of the runtime).
 */
export { javaHashOrder } from '../javaHashOrder';
