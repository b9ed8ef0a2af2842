(ns lincheck.model
  "Model constructors with the names and arities of knossos.model. Each returns an immutable
  model value (a lincheck.model.Model) whose step function the searches call."
  (:refer-clojure :exclude [set])
  (:import (lincheck.model Model Models)))

(defn model
  "The model called `model-name` (a string, keyword or symbol) with initial value `init`."
  [model-name init]
  (Models/create (name model-name) init))

(defn register
  ([] (register nil))
  ([value] (model "register" value)))

(defn cas-register
  ([] (cas-register nil))
  ([value] (model "cas-register" value)))

(defn multi-register [values] (model "multi-register" values))

(defn mutex [] (model "mutex" nil))

(defn set [] (model "set" nil))

(defn fifo-queue [] (model "fifo-queue" nil))

(defn unordered-queue [] (model "unordered-queue" nil))

(defn kv
  ([] (kv {}))
  ([values] (model "kv" values)))

(defn step
  "The model after applying op, or an inconsistent model."
  [^Model m op]
  (.step m (:f op) (:value op)))

(defn inconsistent? [^Model m] (.isInconsistent m))
