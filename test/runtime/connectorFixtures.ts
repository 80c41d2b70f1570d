/** Configuration snippets the HTTP connector tests share (our own names). */
import { NS } from './helpers';

/** A connection local entry named `name` for `baseUrl`, with extra init children (and `connectionType` HTTP). */
export function httpConnection(name: string, baseUrl: string, extra = '', withType = true): string {
  return `<localEntry ${NS} key="${name}"><http.init>${withType ? '<connectionType>HTTP</connectionType>' : ''}<name>${name}</name><baseUrl>${baseUrl}</baseUrl>${extra}</http.init></localEntry>`;
}

/** An API whose resource runs `body`; its fault sequence answers ERROR_CODE / ERROR_MESSAGE as JSON. */
export function apiAnsweringFaults(
  name: string,
  context: string,
  body: string,
  methods = 'GET POST PUT DELETE PATCH',
): string {
  return `<api ${NS} name="${name}" context="${context}">
    <resource methods="${methods}" uri-template="/*"><inSequence>${body}</inSequence>
    <faultSequence>
      <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
        <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
      </payloadFactory><respond/>
    </faultSequence></resource></api>`;
}
