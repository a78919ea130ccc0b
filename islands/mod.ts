/**
 * Every island, by name: the server renders them by these names and the browser bundle
 * hydrates them by the same names.
 */
import AllQueuesTable from "./AllQueuesTable.tsx";
import BindingEditor from "./BindingEditor.tsx";
import BrowserConsumer from "./BrowserConsumer.tsx";
import ConnectionClose from "./ConnectionClose.tsx";
import ConnectionsTable from "./ConnectionsTable.tsx";
import DeclareForms from "./DeclareForms.tsx";
import DefinitionsImport from "./DefinitionsImport.tsx";
import ExchangeDelete from "./ExchangeDelete.tsx";
import ExchangeTable from "./ExchangeTable.tsx";
import GetMessages from "./GetMessages.tsx";
import HistoryChart from "./HistoryChart.tsx";
import MessageFeed from "./MessageFeed.tsx";
import NodeList from "./NodeList.tsx";
import PolicyEditor from "./PolicyEditor.tsx";
import PublishForm from "./PublishForm.tsx";
import QueueActions from "./QueueActions.tsx";
import QueueDetail from "./QueueDetail.tsx";
import QueueRedrive from "./QueueRedrive.tsx";
import QueueStats from "./QueueStats.tsx";
import QueueTable from "./QueueTable.tsx";
import StatusBanner from "./StatusBanner.tsx";

export const islands = {
  AllQueuesTable,
  BindingEditor,
  BrowserConsumer,
  ConnectionClose,
  ConnectionsTable,
  DeclareForms,
  DefinitionsImport,
  ExchangeDelete,
  ExchangeTable,
  GetMessages,
  HistoryChart,
  MessageFeed,
  NodeList,
  PolicyEditor,
  PublishForm,
  QueueActions,
  QueueDetail,
  QueueRedrive,
  QueueStats,
  QueueTable,
  StatusBanner,
};
