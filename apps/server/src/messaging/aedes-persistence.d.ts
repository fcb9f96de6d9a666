// aedes-persistence types its in-memory store under types/, not beside the file that holds it.
declare module 'aedes-persistence/asyncPersistence.js' {
  import MemoryPersistence from 'aedes-persistence/types/asyncPersistence';
  export default MemoryPersistence;
}
